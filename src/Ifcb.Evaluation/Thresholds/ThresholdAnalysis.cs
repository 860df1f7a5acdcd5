namespace Ifcb.Evaluation.Thresholds;

/// <summary>
/// Winner-score thresholds: coverage/precision curves (overall and per class), the global operating point that reaches
/// a target precision, and per-class thresholds chosen by a <see cref="ThresholdRule"/>. Below its class's threshold
/// an item is "unclassified" (index -1).
/// </summary>
public sealed class ThresholdAnalysis
{
    /// <summary>The label given to items below their class threshold.</summary>
    public const string Unclassified = "unclassified";

    /// <summary>The target precision the operating point and the precision rule aim for.</summary>
    public required double TargetPrecision { get; init; }

    /// <summary>The rule that chose <see cref="Chosen"/>.</summary>
    public required ThresholdRule Rule { get; init; }

    /// <summary>The curve over all items (winning score against threshold).</summary>
    public required ThresholdCurve Overall { get; init; }

    /// <summary>One curve per class, over the items the class wins.</summary>
    public required IReadOnlyList<ThresholdCurve> PerClass { get; init; }

    /// <summary>The smallest single threshold whose kept winners reach the target precision (null if none does).</summary>
    public required double? OperatingThreshold { get; init; }

    /// <summary>Coverage at <see cref="OperatingThreshold"/>.</summary>
    public required double? OperatingCoverage { get; init; }

    /// <summary>Precision at <see cref="OperatingThreshold"/>.</summary>
    public required double? OperatingPrecision { get; init; }

    /// <summary>Per-class thresholds chosen by <see cref="Rule"/>, in class-index order.</summary>
    public required IReadOnlyList<ClassThreshold> Chosen { get; init; }

    /// <summary>Fraction of items kept (not "unclassified") with the chosen per-class thresholds.</summary>
    public required double ChosenCoverage { get; init; }

    /// <summary>Precision of the kept items with the chosen per-class thresholds.</summary>
    public required double ChosenPrecision { get; init; }

    /// <summary>Computes curves and thresholds on a grid of <paramref name="steps"/> thresholds from 0 to 1.</summary>
    public static ThresholdAnalysis Compute(EvaluationInput input, double targetPrecision = 0.95, ThresholdRule rule = ThresholdRule.TargetPrecision, int steps = 101)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var grid = Enumerable.Range(0, steps).Select(j => (double)j / (steps - 1)).ToArray();
        var predicted = input.PredictedClasses();
        var winning = input.WinningScores();
        var support = new int[input.ClassCount];
        foreach (var t in input.TrueClasses)
        {
            support[t]++;
        }

        var all = Enumerable.Range(0, input.Count).ToArray();
        var overall = Curve("all", all, winning, predicted, input.TrueClasses, grid, input.Count);
        var operating = FirstReaching(overall, targetPrecision);

        var perClass = new ThresholdCurve[input.ClassCount];
        var chosen = new ClassThreshold[input.ClassCount];
        for (var c = 0; c < input.ClassCount; c++)
        {
            var members = all.Where(i => predicted[i] == c).ToArray();
            perClass[c] = Curve(input.ClassLabels[c], members, winning, predicted, input.TrueClasses, grid, members.Length);
            chosen[c] = Choose(perClass[c], members.Length, support[c], targetPrecision, rule);
        }

        var thresholds = chosen.Select(t => t.Threshold).ToArray();
        var assigned = Apply(input, thresholds);
        int kept = 0, right = 0;
        for (var i = 0; i < input.Count; i++)
        {
            if (assigned[i] >= 0)
            {
                kept++;
                right += assigned[i] == input.TrueClasses[i] ? 1 : 0;
            }
        }

        return new ThresholdAnalysis
        {
            TargetPrecision = targetPrecision,
            Rule = rule,
            Overall = overall,
            PerClass = perClass,
            OperatingThreshold = operating >= 0 ? grid[operating] : null,
            OperatingCoverage = operating >= 0 ? overall.Coverage[operating] : null,
            OperatingPrecision = operating >= 0 ? overall.Precision[operating] : null,
            Chosen = chosen,
            ChosenCoverage = input.Count > 0 ? (double)kept / input.Count : 0,
            ChosenPrecision = kept > 0 ? (double)right / kept : 0,
        };
    }

    /// <summary>The class of every item after per-class thresholds: the argmax if its score reaches the argmax class's
    /// threshold, else -1 ("unclassified").</summary>
    public static int[] Apply(EvaluationInput input, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count != input.ClassCount)
        {
            throw new ArgumentException($"{thresholds.Count} thresholds for {input.ClassCount} classes");
        }

        var result = input.PredictedClasses();
        for (var i = 0; i < result.Length; i++)
        {
            if (input.Score(i, result[i]) < (float)thresholds[result[i]])
            {
                result[i] = -1;
            }
        }

        return result;
    }

    private static ThresholdCurve Curve(string label, int[] members, float[] winning, int[] predicted, int[] truth, double[] grid, int denominator)
    {
        // Sort the members' winning scores once; each threshold is then a binary search into the sorted scores.
        // Scores are float32 and compared in float32, as numpy (float32 array >= 0.7) and MATLAB (single >= 0.7) do:
        // a score of 0.7f then passes the threshold 0.70.
        var scores = members.Select(i => winning[i]).ToArray();
        var correct = members.Select(i => predicted[i] == truth[i] ? 1 : 0).ToArray();
        Array.Sort(scores, correct);
        var correctFromHere = new int[scores.Length + 1];
        for (var k = scores.Length - 1; k >= 0; k--)
        {
            correctFromHere[k] = correctFromHere[k + 1] + correct[k];
        }

        var coverage = new double[grid.Length];
        var precision = new double?[grid.Length];
        var keptCounts = new int[grid.Length];
        var correctCounts = new int[grid.Length];
        for (var j = 0; j < grid.Length; j++)
        {
            var first = LowerBound(scores, (float)grid[j]);
            var kept = scores.Length - first;
            keptCounts[j] = kept;
            correctCounts[j] = correctFromHere[first];
            coverage[j] = denominator > 0 ? (double)kept / denominator : 0;
            precision[j] = kept > 0 ? (double)correctFromHere[first] / kept : null;
        }

        return new ThresholdCurve(label, grid, coverage, precision, keptCounts, correctCounts);
    }

    private static ClassThreshold Choose(ThresholdCurve curve, int winners, int support, double target, ThresholdRule rule)
    {
        var bestF1 = -1.0;
        var bestIndex = 0;
        for (var j = 0; j < curve.Thresholds.Length; j++)
        {
            var f1 = F1At(curve, j, support);
            if (f1 > bestF1 + 1e-12)
            {
                bestF1 = f1;
                bestIndex = j;
            }
        }

        var index = bestIndex;
        var reached = false;
        if (rule == ThresholdRule.TargetPrecision)
        {
            var first = FirstReaching(curve, target);
            if (first >= 0)
            {
                index = first;
                reached = true;
            }
        }

        var tp = curve.Correct[index];
        return new ClassThreshold(
            curve.Label,
            curve.Thresholds[index],
            curve.Precision[index] ?? 0,
            support > 0 ? (double)tp / support : 0,
            F1At(curve, index, support),
            winners > 0 ? (double)curve.Kept[index] / winners : 0,
            rule == ThresholdRule.MaximiseF1 || reached);
    }

    private static double F1At(ThresholdCurve curve, int j, int support)
    {
        var kept = curve.Kept[j];
        double tp = curve.Correct[j];
        var fp = kept - tp;
        var fn = support - tp;
        var denominator = (2 * tp) + fp + fn;
        return denominator > 0 ? 2 * tp / denominator : 0;
    }

    private static int FirstReaching(ThresholdCurve curve, double target)
    {
        for (var j = 0; j < curve.Thresholds.Length; j++)
        {
            if (curve.Precision[j] is double p && p >= target - 1e-12)
            {
                return j;
            }
        }

        return -1;
    }

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
