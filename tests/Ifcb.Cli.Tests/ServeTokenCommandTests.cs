using Ifcb.Server.Auth;
using Ifcb.Server.Data;

namespace Ifcb.Cli.Tests;

/// <summary><c>ifcb serve token create|list|revoke</c> on a hub's SQLite database.</summary>
public sealed class ServeTokenCommandTests
{
    [Fact]
    public async Task Tokens_are_listed_without_their_secret_and_a_revoked_one_is_refused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-cli-token-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (code, output, err) = CliRunner.Run("serve", "token", "create", "--data", dir, "--dataset", "mvco", "--name", "station");
            Assert.True(code == 0, err);
            var token = output.Trim();

            (code, output, err) = CliRunner.Run("serve", "token", "list", "--data", dir);
            Assert.True(code == 0, err);
            // Not Trim(): a token never revoked ends its line with an empty last field.
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id\tprefix\tdataset\tname\tcreated\trevoked", lines[0].TrimEnd('\r'));
            var row = lines[1].TrimEnd('\r').Split('\t');
            Assert.Equal(["1", token[..9] + "...", "mvco", "station"], row[..4]);
            Assert.Equal("", row[5]);
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);

            var database = HubDatabase.Resolve(dir, null);
            Assert.Equal(TokenService.Check.Allowed, (await new TokenService(database).CheckAsync("Bearer " + token, "mvco")).Result);
            (code, _, err) = CliRunner.Run("serve", "token", "revoke", "1", "--data", dir);
            Assert.True(code == 0, err);
            Assert.Equal(TokenService.Check.Unknown, (await new TokenService(database).CheckAsync("Bearer " + token, "mvco")).Result);
            (_, output, _) = CliRunner.Run("serve", "token", "list", "--data", dir);
            Assert.NotEqual("", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd('\r').Split('\t')[5]);

            (code, _, err) = CliRunner.Run("serve", "token", "revoke", "99", "--data", dir);
            Assert.Equal(2, code);
            Assert.Contains("99", err, StringComparison.Ordinal);
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
