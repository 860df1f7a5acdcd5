namespace Ifcb.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public void Version_succeeds()
    {
        var (code, output, _) = CliRunner.Run("version");
        Assert.Equal(0, code);
        Assert.StartsWith("ifcb ", output);
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("version", "--no-such-option")]
    public void Usage_errors_exit_2_and_name_the_problem(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(args[^1].TrimStart('-'), err);
    }
}
