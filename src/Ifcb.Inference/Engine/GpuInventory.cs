namespace Ifcb.Inference.Engine;

/// <summary>
/// How many GPUs this process may use, for <c>--device cuda:all</c>, without loading CUDA: the entries of
/// <c>CUDA_VISIBLE_DEVICES</c> when it is set (SLURM sets it to the GPUs it gave the task; CUDA numbers them 0..n-1),
/// else the GPUs the NVIDIA driver lists under <c>/proc/driver/nvidia/gpus</c>, else none.
/// </summary>
public static class GpuInventory
{
    /// <summary>The driver's per-GPU folder.</summary>
    public const string ProcFolder = "/proc/driver/nvidia/gpus";

    /// <summary>The visible GPU count of this process.</summary>
    public static int Visible() => Visible(Environment.GetEnvironmentVariable, ProcFolder);

    /// <summary>The visible GPU count given an environment and the driver folder (for tests).</summary>
    public static int Visible(Func<string, string?> environment, string procFolder)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("CUDA_VISIBLE_DEVICES") is { } visible)
        {
            // "" hides every GPU; so does any entry CUDA cannot parse ("-1", "NoDevFiles"): CUDA stops at the first.
            var count = 0;
            foreach (var item in visible.Split(',', StringSplitOptions.TrimEntries))
            {
                if (item.Length == 0 || item.StartsWith('-') || !(item.All(char.IsAsciiDigit) || item.StartsWith("GPU-", StringComparison.OrdinalIgnoreCase) || item.StartsWith("MIG-", StringComparison.OrdinalIgnoreCase)))
                {
                    break;
                }

                count++;
            }

            return count;
        }

        return Directory.Exists(procFolder) ? Directory.GetDirectories(procFolder).Length : 0;
    }
}
