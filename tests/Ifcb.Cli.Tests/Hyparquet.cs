using System.Diagnostics;

namespace Ifcb.Cli.Tests;

/// <summary>
/// hyparquet, a dependency-free JavaScript Parquet reader, as the independent Parquet reader: Debian 12 packages
/// neither pyarrow nor fastparquet. It is installed once per test run from npm into a temp folder (node and npm come
/// from Debian, installed by ./test); a failed install fails the test rather than skipping it.
/// </summary>
internal static class Hyparquet
{
    /// <summary>The pinned version (a reader's output should not change under the test).</summary>
    public const string Version = "1.31.5";

    private static readonly Lazy<string> Modules = new(InstallOnce);

    /// <summary>The node_modules folder holding hyparquet.</summary>
    public static string Install() => Modules.Value;

    /// <summary>Runs Reference/parquet_read.mjs on <paramref name="file"/> and returns its JSON.</summary>
    public static string Read(string modules, string file)
    {
        var node = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        node.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reference", "parquet_read.mjs"));
        node.ArgumentList.Add(modules);
        node.ArgumentList.Add(file);
        using var process = Process.Start(node)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"node parquet_read.mjs {file} failed: {stderr.GetAwaiter().GetResult()}");
    }

    private static string InstallOnce()
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"ifcb-tests-hyparquet-{Version}");
        var modules = Path.Combine(prefix, "node_modules");
        if (File.Exists(Path.Combine(modules, "hyparquet", "src", "node.js")))
        {
            return modules;
        }

        Directory.CreateDirectory(prefix);
        var npm = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, $"hyparquet@{Version}" })
        {
            npm.ArgumentList.Add(a);
        }

        using var process = Process.Start(npm)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("npm install hyparquet took over 3 minutes");
        }

        process.WaitForExit();
        return process.ExitCode == 0 ? modules : throw new InvalidOperationException($"npm install hyparquet failed ({process.ExitCode}): {stderr}{stdout.GetAwaiter().GetResult()}");
    }
}
