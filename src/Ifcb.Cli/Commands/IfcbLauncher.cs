namespace Ifcb.Cli.Commands;

/// <summary>
/// The command that runs this very ifcb build on a cluster node, resolved when the job scripts are written:
/// <c>dotnet</c> (absolute) and this <c>ifcb.dll</c> (absolute). A batch job starts in another directory, often on
/// another machine, with a PATH that may lack dotnet: nothing in the scripts may depend on the submitting shell.
/// </summary>
internal static class IfcbLauncher
{
    /// <summary>The command words; <paramref name="overrideCommand"/> (whitespace-separated) wins when given.</summary>
    public static IReadOnlyList<string> Resolve(string? overrideCommand)
    {
        if (!string.IsNullOrWhiteSpace(overrideCommand))
        {
            return overrideCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var dll = typeof(CliApp).Assembly.Location;
        if (string.IsNullOrEmpty(dll) || !File.Exists(dll))
        {
            throw new UsageException("cannot tell where this ifcb build is (single-file publish?); give the command with --ifcb");
        }

        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            return [host, dll];
        }

        // In-process hosts (the test runner, the apphost): the muxer msbuild/dotnet test names, else dotnet on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : OnPath("dotnet");
        if (dotnet is not null)
        {
            return [Path.GetFullPath(dotnet), dll];
        }

        var apphost = Path.Combine(Path.GetDirectoryName(dll)!, "ifcb");
        return File.Exists(apphost) ? [apphost] : throw new UsageException("dotnet is not on PATH; give the command that runs ifcb on the nodes with --ifcb");
    }

    private static string? OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
