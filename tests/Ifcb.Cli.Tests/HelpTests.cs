using System.Diagnostics;
using System.Xml.Linq;

namespace Ifcb.Cli.Tests;

/// <summary>
/// Every command and sub-command answers <c>--help</c> and rejects an unknown option cleanly. The list of commands
/// comes from the CLI's own model (Spectre's <c>cli xmldoc</c>), so a command added to the registry is covered
/// without touching this file.
/// </summary>
public sealed class HelpTests
{
    /// <summary>Every command path ("train", "bins list", ...), read from the registered command model.</summary>
    public static TheoryData<string> Commands() => new(CommandPaths());

    private static List<string> CommandPaths()
    {
        var (code, output, err) = CliRunner.Run("cli", "xmldoc");
        if (code != 0)
        {
            throw new InvalidOperationException($"ifcb cli xmldoc failed ({code}): {err}");
        }

        return [.. Paths(XDocument.Parse(output.Trim()).Root!, "")];
    }

    [Fact]
    public void The_command_model_lists_every_registered_command_and_branch()
    {
        // Guards the discovery itself: were it to find nothing, the theories below would prove nothing.
        var paths = CommandPaths();
        Assert.Contains("train", paths);
        Assert.Contains("classify", paths);
        Assert.Contains("bins", paths);
        Assert.Contains("bins extract", paths);
        Assert.True(paths.Count >= 14, string.Join(", ", paths));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_exits_0_with_text_and_no_stack_trace(string command)
    {
        var (code, output, err) = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.True(code == 0, $"ifcb {command} --help exited {code}: {err}");
        Assert.Contains("USAGE", output, StringComparison.Ordinal);
        Assert.Contains(command.Split(' ')[^1], output, StringComparison.Ordinal);
        AssertNoStackTrace(output + err);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unknown_option_exits_2_names_it_and_has_no_stack_trace(string command)
    {
        var (code, output, err) = CliRunner.Run([.. command.Split(' '), "--no-such-option"]);
        Assert.True(code == 2, $"ifcb {command} --no-such-option exited {code}: {err}");
        Assert.Contains("no-such-option", err, StringComparison.Ordinal);
        AssertNoStackTrace(output + err);
    }

    [Fact]
    public async Task The_built_ifcb_answers_train_help_as_a_process()
    {
        // The real binary, as a user runs it: an unhandled markup exception here used to abort with exit 134.
        var dll = Path.Combine(AppContext.BaseDirectory, "ifcb.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("train");
        start.ArgumentList.Add("--help");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
        Assert.Contains("--scale", stdout, StringComparison.Ordinal);
        Assert.Contains("[1-X, 1+X]", stdout, StringComparison.Ordinal);
        AssertNoStackTrace(stdout + stderr);
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Paths(XElement parent, string prefix)
    {
        // A branch's default command (Spectre names it __default_command) runs as the branch itself, which is listed.
        foreach (var command in parent.Elements("Command").Where(c => !((string)c.Attribute("Name")!).StartsWith("__", StringComparison.Ordinal)))
        {
            var path = (prefix + " " + (string)command.Attribute("Name")!).Trim();
            yield return path;
            foreach (var child in Paths(command, path))
            {
                yield return child;
            }
        }
    }
}
