namespace Ifcb.Models;

/// <summary>
/// What count correction needs from labelled data the model did not train on (the validation split, or a set
/// <c>ifcb evaluate</c> scored): per true class, how many items there were, where the arg-max sent them and the mean
/// of their (temperature-scaled) probabilities. It travels in the model card, so a classify run can correct counts
/// for classifier error without the validation data. All arrays follow the card's class order.
/// </summary>
public sealed record QuantificationEstimates
{
    /// <summary>Where the estimates come from (e.g. <c>validation split</c>, or the data <c>ifcb evaluate</c> scored).</summary>
    public string Source { get; init; } = "";

    /// <summary>Items per true class.</summary>
    public IReadOnlyList<int> Support { get; init; } = [];

    /// <summary>Arg-max counts, <c>[true class][predicted class]</c>; row i sums to <see cref="Support"/>[i].</summary>
    public IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; } = [];

    /// <summary>Mean probability of each class over the items of each true class, <c>[true class][class]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<double>> MeanProbability { get; init; } = [];

    /// <summary>
    /// Per true class, the sum over classes of the variance of the probability across that class's items: how much
    /// one item's probability row scatters around the mean, which sizes the bootstrap of the mean rows.
    /// </summary>
    public IReadOnlyList<double> ProbabilityVariance { get; init; } = [];

    /// <summary>
    /// The most classes in one <see cref="ProbabilityCovariance"/> block: the covariance stored per true class is over
    /// at most this many classes, so the card holds at most <c>classes x 24^2</c> covariance values, not
    /// <c>classes^3</c> (3.4 million for 150 classes).
    /// </summary>
    public const int CovarianceBlockSize = 24;

    /// <summary>
    /// Per true class i, the covariance of the probability rows across that class's items over a block of classes:
    /// the shape of the scatter, not only its size, which the PACC bootstrap needs (the least-squares inverse
    /// amplifies scatter along the differences between confused classes' mean rows). The block is class i and the
    /// <see cref="CovarianceBlockSize"/> - 1 other classes with the largest mean probability in
    /// <see cref="MeanProbability"/>[i] (ties to the lower index); with <see cref="CovarianceBlockSize"/> classes or
    /// fewer it is every class, the full matrix. The bootstrap keeps the classes outside the block at their mean
    /// probability (their mean is below every other block member's, so little scatter is lost). Null in estimates
    /// written before it existed; PACC then falls back to a Dirichlet with <see cref="ProbabilityVariance"/>.
    /// </summary>
    public IReadOnlyList<CovarianceBlock>? ProbabilityCovariance { get; init; }

    /// <summary>Problems against a model with <paramref name="classCount"/> classes; empty when usable.</summary>
    public IReadOnlyList<string> Problems(int classCount)
    {
        var problems = new List<string>();
        if (Support.Count != classCount || Confusion.Count != classCount || MeanProbability.Count != classCount || ProbabilityVariance.Count != classCount)
        {
            problems.Add($"quantification: support, confusion, mean_probability and probability_variance need {classCount} rows each");
            return problems;
        }

        for (var i = 0; i < classCount; i++)
        {
            if (Support[i] < 0)
            {
                problems.Add($"quantification: support[{i}] is negative");
            }

            if (Confusion[i].Count != classCount || MeanProbability[i].Count != classCount)
            {
                problems.Add($"quantification: row {i} of confusion or mean_probability does not have {classCount} values");
                continue;
            }

            if (Confusion[i].Any(c => c < 0) || Confusion[i].Sum() != Support[i])
            {
                problems.Add($"quantification: confusion row {i} must be non-negative and sum to support[{i}]");
            }

            if (MeanProbability[i].Any(p => !(p >= 0 && p <= 1)))
            {
                problems.Add($"quantification: mean_probability row {i} must lie in [0, 1]");
            }

            if (!(ProbabilityVariance[i] >= 0) || double.IsInfinity(ProbabilityVariance[i]))
            {
                problems.Add($"quantification: probability_variance[{i}] must be a finite non-negative number");
            }

            if (ProbabilityCovariance is { } covariance && covariance.Count == classCount && BlockProblem(covariance[i], i, classCount) is { } problem)
            {
                problems.Add($"quantification: probability_covariance[{i}] {problem}");
            }
        }

        if (ProbabilityCovariance is { Count: var count } && count != classCount)
        {
            problems.Add($"quantification: probability_covariance needs {classCount} blocks, not {count}");
        }

        return problems;
    }

    // What is wrong with class i's covariance block, or null.
    private static string? BlockProblem(CovarianceBlock? block, int i, int classCount)
    {
        if (block is null)
        {
            return "is missing";
        }

        var b = block.Classes.Count;
        if (b < 1 || b > Math.Min(classCount, CovarianceBlockSize))
        {
            return $"needs 1 to {Math.Min(classCount, CovarianceBlockSize)} classes, not {b}";
        }

        for (var r = 0; r < b; r++)
        {
            if (block.Classes[r] < 0 || block.Classes[r] >= classCount)
            {
                return $"class {block.Classes[r]} is outside 0..{classCount - 1}";
            }

            if (r > 0 && block.Classes[r] <= block.Classes[r - 1])
            {
                return "classes must be distinct and ascending";
            }
        }

        if (!block.Classes.Contains(i))
        {
            return $"classes must include the true class {i}";
        }

        if (block.Values.Count != b * b)
        {
            return $"needs {b * b} values ({b} x {b}, row-major), not {block.Values.Count}";
        }

        return block.Values.All(double.IsFinite) ? null : "values must be finite";
    }
}

/// <summary>
/// One true class's probability-row covariance over a block of classes (see
/// <see cref="QuantificationEstimates.ProbabilityCovariance"/>).
/// </summary>
public sealed record CovarianceBlock
{
    /// <summary>The block's class indices, distinct and ascending; they include the true class.</summary>
    public IReadOnlyList<int> Classes { get; init; } = [];

    /// <summary>
    /// The covariance over <see cref="Classes"/>, row-major (<c>b x b</c> for b classes): value <c>r * b + s</c> is the
    /// covariance of classes <c>Classes[r]</c> and <c>Classes[s]</c>.
    /// </summary>
    public IReadOnlyList<double> Values { get; init; } = [];
}
