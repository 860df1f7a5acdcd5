namespace Ifcb.Synthetic.Painting;

/// <summary>
/// A fixed table of approximately Gaussian unit-variance samples (sum of four uniforms), generated from
/// a constant seed so every process, thread and run sees the same table.
/// </summary>
internal static class NoiseTable
{
    /// <summary>The number of samples; rows of up to <see cref="PlanktonPainter.MaxSide"/> pixels fit many times.</summary>
    public const int Length = 1 << 16;

    /// <summary>The samples.</summary>
    public static float[] Samples { get; } = Create();

    private static float[] Create()
    {
        var rng = new SynthRandom(0x1FCB_0015E);

        // A few samples past Length: a vector that starts near the end of a row may read (and then discard) them.
        var samples = new float[Length + 64];

        // The sum of four uniforms on [-0.5, 0.5) has variance 1/3: scale by sqrt(3) for unit variance.
        var scale = MathF.Sqrt(3f);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (rng.NextFloat() + rng.NextFloat() + rng.NextFloat() + rng.NextFloat() - 2f) * scale;
        }

        return samples;
    }
}
