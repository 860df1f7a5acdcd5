using System.Diagnostics;

namespace Ifcb.Inference.Tests.Support;

/// <summary>Runs Debian's <c>/usr/bin/python3</c> (which has onnx, h5py and numpy; another python3 on PATH may not).</summary>
internal static class Python
{
    public static string Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 {script} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }
}
