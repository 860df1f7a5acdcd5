namespace Ifcb.Training.Loop;

/// <summary>
/// What the processor offers for bfloat16 training. With AVX512-BF16 or AMX (Intel Sapphire Rapids and later, AMD
/// Zen 4 and later) oneDNN runs bf16 convolutions natively and <c>--bf16</c> trains resnet18 about 3x faster; without
/// them libtorch emulates bf16 and the same step is about 15x slower (both measured; see docs/benchmarks.md,
/// Training).
/// </summary>
public static class CpuFeatures
{
    private const string CpuInfo = "/proc/cpuinfo";

    /// <summary>Whether this CPU computes bf16 natively; <c>null</c> where that cannot be read (not Linux x86/Arm).</summary>
    public static bool? HasNativeBf16()
    {
        try
        {
            return File.Exists(CpuInfo) ? HasNativeBf16(File.ReadLines(CpuInfo)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the flags of the first processor in <c>/proc/cpuinfo</c> text: x86 <c>flags</c> with <c>avx512_bf16</c> or
    /// <c>amx_bf16</c>, or Arm <c>Features</c> with <c>bf16</c>. <c>null</c> when no flags line is there.
    /// </summary>
    public static bool? HasNativeBf16(IEnumerable<string> cpuInfoLines)
    {
        ArgumentNullException.ThrowIfNull(cpuInfoLines);
        foreach (var line in cpuInfoLines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            if (key is not ("flags" or "Features"))
            {
                continue;
            }

            var flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return key == "flags"
                ? flags.Contains("avx512_bf16") || flags.Contains("amx_bf16")
                : flags.Contains("bf16");
        }

        return null;
    }
}
