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
    /// Per true class, the covariance matrix of the probability rows across that class's items, row-major
    /// (<c>classes x classes</c> values): the shape of the scatter, not only its size, which the PACC bootstrap needs
    /// (the least-squares inverse amplifies scatter along the differences between confused classes' mean rows).
    /// Null in estimates written before it existed; PACC then falls back to a Dirichlet with
    /// <see cref="ProbabilityVariance"/>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>>? ProbabilityCovariance { get; init; }

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

            if (ProbabilityCovariance is { } covariance && (covariance.Count != classCount || covariance[i].Count != classCount * classCount || covariance[i].Any(v => !double.IsFinite(v))))
            {
                problems.Add($"quantification: probability_covariance needs {classCount} rows of {classCount * classCount} finite values");
            }
        }

        return problems;
    }
}
