namespace Ifcb.Server.Validation;

/// <summary>
/// The Wilson score interval for a binomial proportion (Wilson 1927): with k successes in n trials, p = k/n and
/// z = 1.96 (95 %), centre = (p + z²/2n) / (1 + z²/n) and half-width = z / (1 + z²/n) x sqrt(p(1-p)/n + z²/4n²).
/// Unlike p ± z sqrt(p(1-p)/n) it stays inside [0, 1] and is not empty at k = 0 or k = n, which small validation
/// samples hit often.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The interval for <paramref name="successes"/> of <paramref name="trials"/>; (NaN, NaN) when there are no trials.</summary>
    public static (double Low, double High) Of(int successes, int trials, double z = 1.959963984540054)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return (double.NaN, double.NaN);
        }

        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
