using System.Diagnostics;
using Ifcb.Data.IO;

namespace Ifcb.Edge;

/// <summary>
/// Hands each bin's SBD message to the link: always first written to <c>{target or OUT/telemetry}/{bin}.sbd</c>
/// (atomic), then, for a target <c>exec:COMMAND</c>, given to the modem's own tool as <c>COMMAND FILE</c> (run by
/// <c>/bin/sh</c>); a message whose command exited 0 moves to <c>sent/</c>, the others are retried on every
/// <see cref="Flush"/>. No modem driver is built in.
/// </summary>
public sealed class TelemetrySpool
{
    private readonly string _folder;
    private readonly string? _command;

    /// <summary>A spool for <paramref name="target"/> (<c>DIR</c> or <c>exec:COMMAND</c>) under <paramref name="outputRoot"/>.</summary>
    public TelemetrySpool(string target, string outputRoot)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.StartsWith("exec:", StringComparison.Ordinal))
        {
            _command = target["exec:".Length..].Trim();
            _folder = Path.Combine(outputRoot, "telemetry");
        }
        else
        {
            _folder = Path.GetFullPath(target);
        }

        Directory.CreateDirectory(_folder);
    }

    /// <summary>Messages not yet accepted by the command (always 0 for a plain spool).</summary>
    public int Pending => _command is null ? 0 : Directory.GetFiles(_folder, "*.sbd").Length;

    /// <summary>Spools one message unless it is already spooled or sent (a restart finds its bins done again).</summary>
    public bool Add(string bin, byte[] message)
    {
        var path = Path.Combine(_folder, bin + ".sbd");
        if (File.Exists(path) || File.Exists(Path.Combine(_folder, "sent", bin + ".sbd")))
        {
            return false;
        }

        AtomicFile.WriteAllBytes(path, message);
        return true;
    }

    /// <summary>Runs the command on every message still waiting; returns the last failure, if any.</summary>
    public string? Flush()
    {
        if (_command is null)
        {
            return null;
        }

        string? failure = null;
        foreach (var file in Directory.GetFiles(_folder, "*.sbd").Order(StringComparer.Ordinal))
        {
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(_command + " \"$1\"");
            start.ArgumentList.Add("ifcb-telemetry");
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            var err = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                failure = $"{Path.GetFileName(file)}: the telemetry command did not finish in 5 minutes";
                break;
            }

            if (process.ExitCode != 0)
            {
                failure = $"{Path.GetFileName(file)}: the telemetry command exited {process.ExitCode}: {err.Trim()}";
                break;
            }

            var sent = Path.Combine(_folder, "sent");
            Directory.CreateDirectory(sent);
            File.Move(file, Path.Combine(sent, Path.GetFileName(file)), overwrite: true);
        }

        return failure;
    }
}
