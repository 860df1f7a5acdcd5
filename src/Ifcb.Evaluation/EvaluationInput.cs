using Ifcb.Evaluation.IO;

namespace Ifcb.Evaluation;

/// <summary>
/// What is evaluated: for N labelled items, the true class and one row of C class probabilities (softmax output)
/// each, plus the class labels and, optionally, item names and the training history.
/// </summary>
public sealed class EvaluationInput
{
    /// <summary>The class labels, one per score column (index = class index).</summary>
    public required IReadOnlyList<string> ClassLabels { get; init; }

    /// <summary>The true class index of every item.</summary>
    public required int[] TrueClasses { get; init; }

    /// <summary>Probabilities, row-major N x C: <c>Scores[item * ClassCount + class]</c>.</summary>
    public required float[] Scores { get; init; }

    /// <summary>Optional item names (image base names), one per item.</summary>
    public IReadOnlyList<string>? ItemNames { get; init; }

    /// <summary>Optional per-epoch training history (from <c>epochs.csv</c>).</summary>
    public IReadOnlyList<EpochRecord>? Epochs { get; init; }

    /// <summary>The number of items.</summary>
    public int Count => TrueClasses.Length;

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassLabels.Count;

    /// <summary>The probability of <paramref name="cls"/> for <paramref name="item"/>.</summary>
    public float Score(int item, int cls) => Scores[(item * ClassCount) + cls];

    /// <summary>The scores of one item.</summary>
    public ReadOnlySpan<float> Row(int item) => Scores.AsSpan(item * ClassCount, ClassCount);

    /// <summary>The argmax class of every item (ties to the lowest index, as numpy).</summary>
    public int[] PredictedClasses()
    {
        var result = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = ArgMax(Row(i));
        }

        return result;
    }

    /// <summary>The winning (maximum) score of every item.</summary>
    public float[] WinningScores()
    {
        var result = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            var row = Row(i);
            result[i] = row[ArgMax(row)];
        }

        return result;
    }

    /// <summary>Checks shapes and ranges; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (ClassCount == 0)
        {
            throw new ArgumentException("no class labels");
        }

        if (Scores.Length != Count * ClassCount)
        {
            throw new ArgumentException($"{Scores.Length} scores do not fill {Count} items x {ClassCount} classes");
        }

        if (ItemNames is not null && ItemNames.Count != Count)
        {
            throw new ArgumentException($"{ItemNames.Count} item names for {Count} items");
        }

        for (var i = 0; i < Count; i++)
        {
            if ((uint)TrueClasses[i] >= (uint)ClassCount)
            {
                throw new ArgumentException($"item {i}: true class {TrueClasses[i]} is outside 0..{ClassCount - 1}");
            }
        }

        foreach (var s in Scores)
        {
            if (!float.IsFinite(s) || s < 0)
            {
                throw new ArgumentException($"score {s} is not a probability (scores must be softmax outputs, not logits)");
            }
        }
    }

    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }
}
