namespace Ifcb.Datasets;

/// <summary>
/// Deterministic seed derivation (<see cref="HashCode"/> is randomised per process, so it cannot be used):
/// every random stream is a pure function of the run seed and its coordinates (epoch, image index, ...).
/// </summary>
public static class Seeds
{
    /// <summary>Mixes a seed with further values (SplitMix64 finaliser over each).</summary>
    public static int Mix(int seed, params ReadOnlySpan<long> values)
    {
        var h = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        foreach (var v in values)
        {
            h ^= (ulong)v + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
            h = Finalise(h);
        }

        return (int)(Finalise(h) & 0x7FFFFFFF);
    }

    /// <summary>A string hash that is the same in every process.</summary>
    public static int StableHash(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
