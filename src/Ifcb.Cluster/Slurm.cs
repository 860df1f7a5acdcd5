using System.Diagnostics;

namespace Ifcb.Cluster;

/// <summary>
/// The SLURM client tools, called as processes (<c>sbatch --parsable</c>, <c>scancel</c>). They find the cluster as
/// they always do (slurm.conf, or <c>SLURM_CONF</c> in the environment, which the child inherits).
/// </summary>
public static class Slurm
{
    /// <summary>Submits <paramref name="script"/> with extra options first; returns the job id.</summary>
    public static string Submit(string script, IEnumerable<string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", .. options, script]);
        if (code != 0)
        {
            throw new InvalidOperationException($"sbatch {Path.GetFileName(script)} failed (exit {code}): {stderr.Trim()}");
        }

        // --parsable prints "jobid" or "jobid;cluster".
        var id = stdout.Trim().Split(';')[0];
        return id.Length > 0 && id.All(char.IsAsciiDigit) ? id : throw new InvalidOperationException($"sbatch printed no job id: '{stdout.Trim()}'");
    }

    /// <summary>Cancels a job (errors ignored: it may have ended already).</summary>
    public static void Cancel(string jobId) => Run("scancel", [jobId]);

    /// <summary>Runs a SLURM tool and returns its exit code and output.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string tool, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} not found: is SLURM installed on this machine? ({ex.Message})", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
        }
    }
}
