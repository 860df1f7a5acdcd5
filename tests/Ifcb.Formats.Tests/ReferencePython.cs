using System.Diagnostics;

namespace Ifcb.Formats.Tests;

/// <summary>
/// Runs a script in Debian's <c>/usr/bin/python3</c> (h5py, scipy, numpy): the reference readers that judge the files
/// we write. Another python3 on PATH may lack these modules, hence the absolute path.
/// </summary>
internal static class ReferencePython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> as <c>sys.argv[1:]</c>; returns stdout, throws on failure.</summary>
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        // Without a UTF-8 locale Python would print non-ASCII class names in the locale's encoding.
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + Interpreter);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Interpreter} failed ({process.ExitCode}):\n{stderr.Result}\nscript:\n{script}");
        }

        return stdout.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
    }
}
