using System.Diagnostics;

namespace Ifcb.Cli.Tests;

/// <summary>
/// A real one-node SLURM cluster on localhost (munged, slurmctld, slurmd from Debian's packages) for the tests of one
/// class, started by tests/slurm/localhost-cluster.sh and stopped on dispose. Clients find it through SLURM_CONF,
/// set for this process (the sbatch that `ifcb slurm` starts inherits it). Fails, never skips, without SLURM.
/// </summary>
public sealed class LocalSlurm : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ifcb-slurm-").FullName;
    private readonly string _script;

    public LocalSlurm()
    {
        _script = Path.Combine(RepositoryRoot(), "tests", "slurm", "localhost-cluster.sh");
        var (code, stdout, stderr) = Run("bash", _script, "start", _dir, "2");
        if (code != 0)
        {
            throw new InvalidOperationException($"could not start a local SLURM cluster (exit {code}): {stderr.Trim()} " +
                "(./test installs slurmctld, slurmd, slurm-client and munge when run as root)");
        }

        Environment.SetEnvironmentVariable("SLURM_CONF", stdout.Trim());
    }

    /// <summary>The job's state from scontrol (COMPLETED, FAILED, PENDING...), or an empty string when unknown.</summary>
    public static string State(string jobId)
    {
        var (_, stdout, _) = Run("scontrol", "show", "job", jobId, "-o");
        var states = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').FirstOrDefault(w => w.StartsWith("JobState=", StringComparison.Ordinal))?["JobState=".Length..] ?? string.Empty)
            .ToList();
        return states.Count == 0 ? string.Empty : states.All(s => s == states[0]) ? states[0] : string.Join(",", states);
    }

    /// <summary>A field of the job (e.g. Reason), or an empty string.</summary>
    public static string Field(string jobId, string name)
    {
        var (_, stdout, _) = Run("scontrol", "show", "job", jobId, "-o");
        return stdout.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? string.Empty;
    }

    /// <summary>Waits until no task of the job is queued or running; fails with the job's state after the timeout.</summary>
    public static void WaitEnded(string jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var (_, stdout, _) = Run("squeue", "-h", "-j", jobId, "-o", "%i %T");
            if (stdout.Trim().Length == 0)
            {
                return;
            }

            Thread.Sleep(500);
        }

        throw new TimeoutException($"job {jobId} still queued or running after {timeout.TotalSeconds} s: {State(jobId)}");
    }

    /// <summary>Runs a command; returns exit code and output.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        Run("bash", _script, "stop", _dir);
        Environment.SetEnvironmentVariable("SLURM_CONF", null);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A daemon may still be closing a log file; the folder is in /tmp.
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ifcb.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Ifcb.slnx) is not above the test binaries");
    }
}
