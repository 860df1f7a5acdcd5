namespace Ifcb.Cli.Tests;

/// <summary><c>ifcb serve user add</c> and <c>ifcb serve labels import</c> on their own.</summary>
public sealed class ServeUserAndLabelsCommandTests
{
    [Fact]
    public void Users_are_added_with_a_role_and_bad_input_is_a_usage_error()
    {
        var dir = Directory.CreateTempSubdirectory("ifcb-users-");
        try
        {
            var data = Path.Combine(dir.FullName, "hub");
            var (code, output, _) = CliRunner.Run("serve", "user", "add", "alice", "--role", "annotator", "--password", "correct horse battery", "--data", data);
            Assert.Equal(0, code);
            Assert.Contains("added annotator 'alice'", output, StringComparison.Ordinal);
            Assert.Contains("updated admin 'alice'", CliRunner.Run("serve", "user", "add", "alice", "--role", "admin", "--password", "another good one", "--data", data).Out, StringComparison.Ordinal);
            Assert.Equal(2, CliRunner.Run("serve", "user", "add", "bob", "--role", "boss", "--password", "correct horse battery", "--data", data).Code);
            Assert.Equal(2, CliRunner.Run("serve", "user", "add", "bob", "--role", "reader", "--password", "short", "--data", data).Code);
            Assert.Equal(2, CliRunner.Run("serve", "user", "add", "bad name", "--role", "reader", "--password", "correct horse battery", "--data", data).Code);

            var labels = Path.Combine(dir.FullName, "labels.csv");
            File.WriteAllText(labels, "pid,class\nD20240601T000000_IFCB123_00001,Ciliate\nD20240601T000000_IFCB123_00002,detritus\n");
            (code, output, _) = CliRunner.Run("serve", "labels", "import", labels, "--dataset", "lab", "--annotator", "history", "--data", data);
            Assert.Equal(0, code);
            Assert.Contains("2 new, 0 replaced", output, StringComparison.Ordinal);
            Assert.Equal(2, CliRunner.Run("serve", "labels", "import", Path.Combine(dir.FullName, "missing.csv"), "--dataset", "lab", "--data", data).Code);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
