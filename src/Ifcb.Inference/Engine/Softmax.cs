namespace Ifcb.Inference.Engine;

/// <summary>Row-wise softmax with a temperature, done in C# so that every model (ours or WHOI's) gets the same treatment.</summary>
public static class Softmax
{
    /// <summary>Writes softmax(<paramref name="logits"/> / <paramref name="temperature"/>) into <paramref name="probabilities"/>.</summary>
    public static void Apply(ReadOnlySpan<float> logits, Span<float> probabilities, float temperature)
    {
        if (probabilities.Length < logits.Length)
        {
            throw new ArgumentException("destination too short", nameof(probabilities));
        }

        var max = float.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }

        // Subtracting the max keeps exp() finite; sums in double keep tiny classes from rounding to zero mass.
        var inverse = 1.0 / temperature;
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp((logits[i] - max) * inverse);
            probabilities[i] = (float)e;
            sum += e;
        }

        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / sum);
        }
    }
}
