namespace Ifcb.Cli.Tests;

/// <summary><c>ifcb serve check</c> on a hub folder: lists, then removes, an old score file no result references.</summary>
public sealed class ServeCheckCommandTests
{
    [Fact]
    public void An_old_unreferenced_score_file_is_listed_then_removed_and_a_negative_age_is_a_usage_error()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-cli-check-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // Any hub command creates the database; a token is the cheapest.
            var (code, _, err) = CliRunner.Run("serve", "token", "create", "--data", dir, "--dataset", "mvco");
            Assert.True(code == 0, err);
            var orphan = Path.Combine(dir, "scores", "mvco", "2024", "D20240101T000000_IFCB1.0123456789ab.scores");
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            File.WriteAllBytes(orphan, new byte[16]);
            File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-3));

            (code, var output, err) = CliRunner.Run("serve", "check", "--data", dir);
            Assert.True(code == 0, err);
            Assert.Contains("0 results with per-ROI scores", output, StringComparison.Ordinal);
            Assert.Contains("unreferenced mvco/2024/D20240101T000000_IFCB1.0123456789ab.scores", output, StringComparison.Ordinal);
            Assert.True(File.Exists(orphan));

            (code, output, err) = CliRunner.Run("serve", "check", "--data", dir, "--remove-unreferenced");
            Assert.True(code == 0, err);
            Assert.Contains("1 unreferenced score files older than 60 min removed", output, StringComparison.Ordinal);
            Assert.False(File.Exists(orphan));

            (code, _, _) = CliRunner.Run("serve", "check", "--data", dir, "--min-age", "-1");
            Assert.Equal(2, code);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
