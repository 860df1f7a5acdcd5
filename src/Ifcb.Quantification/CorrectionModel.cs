using Ifcb.Models;

namespace Ifcb.Quantification;

/// <summary>
/// The model's validation estimates in the form the methods use: row-normalised confusion rates, mean probability
/// rows, the prior the probabilities were calibrated under, and which classes have too little support to be
/// corrected. A class the validation data never saw gets the identity row (it is taken as classified), so the system
/// stays square; it is flagged like any class under <see cref="MinSupport"/>.
/// </summary>
public sealed class CorrectionModel
{
    /// <summary>The default least validation support for a class to be corrected.</summary>
    public const int DefaultMinSupport = 10;

    /// <summary>Builds the model from card estimates; throws <see cref="ArgumentException"/> when they do not fit.</summary>
    public CorrectionModel(QuantificationEstimates estimates, int minSupport = DefaultMinSupport)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var c = estimates.Support.Count;
        var problems = estimates.Problems(c);
        if (problems.Count > 0 || c < 1)
        {
            throw new ArgumentException(string.Join("; ", problems.DefaultIfEmpty("no classes")), nameof(estimates));
        }

        Estimates = estimates;
        ClassCount = c;
        MinSupport = minSupport;
        Rates = new double[c, c];
        MeanProbability = new double[c, c];
        Prior = new double[c];
        Concentration = new double[c];
        ItemConcentration = new double[c];
        LowSupport = new bool[c];
        CovarianceFactor = estimates.ProbabilityCovariance is null ? null : new double[c][,];
        CovarianceClasses = estimates.ProbabilityCovariance is null ? null : new int[c][];
        double total = estimates.Support.Sum();
        for (var i = 0; i < c; i++)
        {
            var n = estimates.Support[i];
            LowSupport[i] = n < minSupport;
            Prior[i] = total > 0 ? n / total : 1.0 / c;
            if (n == 0)
            {
                Rates[i, i] = 1;
                MeanProbability[i, i] = 1;
                Concentration[i] = double.PositiveInfinity;
                ItemConcentration[i] = double.PositiveInfinity;
                if (CovarianceFactor is not null)
                {
                    CovarianceClasses![i] = [.. estimates.ProbabilityCovariance![i].Classes];
                    CovarianceFactor[i] = new double[CovarianceClasses[i].Length, CovarianceClasses[i].Length];
                }

                continue;
            }

            var meanSum = estimates.MeanProbability[i].Sum();
            var sumSquares = 0.0;
            for (var j = 0; j < c; j++)
            {
                Rates[i, j] = estimates.Confusion[i][j] / (double)n;
                MeanProbability[i, j] = meanSum > 0 ? estimates.MeanProbability[i][j] / meanSum : (i == j ? 1 : 0);
                sumSquares += MeanProbability[i, j] * MeanProbability[i, j];
            }

            // A Dirichlet(a m) row has total variance (1 - |m|^2) / (a + 1); the mean of n rows has total variance V / n.
            // Matching the two sizes the bootstrap of the mean row without keeping every validation item.
            var variance = estimates.ProbabilityVariance[i] / n;
            Concentration[i] = variance > 0 ? Math.Min(1e9, Math.Max(1e-3, ((1 - sumSquares) / variance) - 1)) : double.PositiveInfinity;

            // One item's row as a Dirichlet(a m) with the validation rows' total variance (a >= 0 for real rows).
            var itemVariance = estimates.ProbabilityVariance[i];
            ItemConcentration[i] = itemVariance > 0 ? Math.Min(1e9, Math.Max(1e-3, ((1 - sumSquares) / itemVariance) - 1)) : double.PositiveInfinity;
            if (CovarianceFactor is not null)
            {
                CovarianceClasses![i] = [.. estimates.ProbabilityCovariance![i].Classes];
                CovarianceFactor[i] = Factor(estimates.ProbabilityCovariance[i].Values, CovarianceClasses[i].Length);
            }
        }
    }

    /// <summary>The card estimates.</summary>
    public QuantificationEstimates Estimates { get; }

    /// <summary>Classes.</summary>
    public int ClassCount { get; }

    /// <summary>The least support a class needs to be corrected.</summary>
    public int MinSupport { get; }

    /// <summary>P(predicted j | true i).</summary>
    public double[,] Rates { get; }

    /// <summary>Mean probability of j over items of true class i, rows renormalised to one.</summary>
    public double[,] MeanProbability { get; }

    /// <summary>Class shares of the validation data (the prior the probabilities were calibrated under).</summary>
    public double[] Prior { get; }

    /// <summary>Dirichlet concentration of each mean probability row's bootstrap (infinite: no spread).</summary>
    public double[] Concentration { get; }

    /// <summary>Dirichlet concentration of one item's probability row (infinite: every item shows the mean row).</summary>
    public double[] ItemConcentration { get; }

    /// <summary>
    /// Per true class, a lower-triangular L with L L^T = the covariance of one item's probability row over the
    /// classes of <see cref="CovarianceClasses"/> (null when the estimates carry no covariance; a class without items
    /// has a zero factor). PACC's bootstrap draws mean rows as normal with that covariance over the number of items
    /// (the central limit theorem), not as a Dirichlet; classes outside the block stay at their mean.
    /// </summary>
    public double[][,]? CovarianceFactor { get; }

    /// <summary>
    /// Per true class, the classes <see cref="CovarianceFactor"/> covers (ascending; every class when there are no
    /// more than <see cref="QuantificationEstimates.CovarianceBlockSize"/>); null with it.
    /// </summary>
    public int[][]? CovarianceClasses { get; }

    /// <summary>Classes with fewer validation items than <see cref="MinSupport"/>: flagged, their corrected counts withheld.</summary>
    public bool[] LowSupport { get; }

    // Cholesky factor of a positive semi-definite matrix (row-major, n x n). Probability rows sum to one, so the
    // covariance is singular: a pivot at rounding level means no variance left in that direction, and its column is zero.
    private static double[,] Factor(IReadOnlyList<double> covariance, int n)
    {
        var l = new double[n, n];
        var trace = 0.0;
        for (var i = 0; i < n; i++)
        {
            trace += covariance[(i * n) + i];
        }

        var tiny = 1e-12 * Math.Max(trace, double.Epsilon);
        for (var j = 0; j < n; j++)
        {
            var pivot = covariance[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                pivot -= l[j, k] * l[j, k];
            }

            if (pivot <= tiny)
            {
                continue;
            }

            var root = Math.Sqrt(pivot);
            l[j, j] = root;
            for (var i = j + 1; i < n; i++)
            {
                var sum = covariance[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                l[i, j] = sum / root;
            }
        }

        return l;
    }
}
