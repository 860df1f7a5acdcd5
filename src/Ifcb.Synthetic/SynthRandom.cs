using System.Runtime.CompilerServices;

namespace Ifcb.Synthetic;

/// <summary>
/// A small, fast, seedable random generator (xoshiro256**, seeded through SplitMix64). Its sequence is
/// fixed by this code alone, unlike <see cref="Random"/>, whose seeded algorithm may change between
/// runtimes; synthetic output must stay byte-identical for a given seed.
/// </summary>
public sealed class SynthRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose whole sequence is determined by <paramref name="seed"/>.</summary>
    public SynthRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>Derives an independent seed from a parent seed and two indices (bin, ROI, class...).</summary>
    public static ulong Derive(ulong seed, long a, long b = 0)
    {
        var x = seed ^ 0x9E3779B97F4A7C15UL;
        var s = SplitMix(ref x) ^ (ulong)a;
        s = SplitMix(ref s) ^ (ulong)b;
        return SplitMix(ref s);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A uniform float in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public float Uniform(float min, float max) => min + ((max - min) * NextFloat());

    /// <summary>A float whose logarithm is uniform: sizes spread evenly over scales.</summary>
    public float LogUniform(float min, float max) => MathF.Exp(Uniform(MathF.Log(min), MathF.Log(max)));

    /// <summary>
    /// A size from a plankton-like size spectrum: log-scale, but small sizes more common than large
    /// ones (the log-position is u^1.6), as in real samples.
    /// </summary>
    public float SizeSpectrum(float min, float max) => min * MathF.Pow(max / min, MathF.Pow(NextFloat(), 1.6f));

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public int Int(int min, int max) => min + (int)((NextUInt64() >> 33) % (ulong)(max - min + 1));

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>) by a multiply and a shift, no division (bias below
    /// bound / 2^32, irrelevant for the table offsets it picks).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int NextBelow(int bound) => (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A standard normal sample (Box-Muller).</summary>
    public double Gaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
