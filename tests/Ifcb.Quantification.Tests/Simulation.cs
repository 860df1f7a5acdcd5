namespace Ifcb.Quantification.Tests;

/// <summary>Random draws the simulated classifiers of these tests share.</summary>
internal static class Simulation
{
    /// <summary>A standard normal (Box-Muller).</summary>
    public static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>An index drawn with probability proportional to its weight.</summary>
    public static int Draw(double[] weights, Random random)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            if ((u -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>The softmax of <paramref name="logits"/> as float32 probabilities.</summary>
    public static float[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => (float)(v / sum))];
    }
}
