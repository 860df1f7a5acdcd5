namespace Ifcb.Quantification;

/// <summary>
/// A human-validated sample of ROIs from the period being corrected (Orenstein et al. 2020's supervised
/// quantification): for each ROI the class the classifier gave and the class a person confirmed. Per predicted
/// class it estimates where that class's winners really belong (its precision and what it takes from others) under
/// the period's own class mix, so no prior-shift assumption is needed. The sample must be drawn at random within
/// each predicted class (a random-sample queue is).
/// </summary>
public sealed class ValidatedSample
{
    private readonly int[,] _counts;

    /// <summary>An empty sample for <paramref name="classCount"/> classes.</summary>
    public ValidatedSample(int classCount)
    {
        ClassCount = classCount;
        _counts = new int[classCount, classCount];
    }

    /// <summary>Classes.</summary>
    public int ClassCount { get; }

    /// <summary>Validated ROIs.</summary>
    public int Total { get; private set; }

    /// <summary>Records one validated ROI.</summary>
    public void Add(int predicted, int validated)
    {
        _counts[predicted, validated]++;
        Total++;
    }

    /// <summary>Validated ROIs the classifier called <paramref name="predicted"/> whose true class is <paramref name="validated"/>.</summary>
    public int Count(int predicted, int validated) => _counts[predicted, validated];

    /// <summary>Validated ROIs the classifier called <paramref name="predicted"/>.</summary>
    public int PredictedTotal(int predicted)
    {
        var sum = 0;
        for (var j = 0; j < ClassCount; j++)
        {
            sum += _counts[predicted, j];
        }

        return sum;
    }
}
