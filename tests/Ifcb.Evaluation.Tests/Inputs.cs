namespace Ifcb.Evaluation.Tests;

/// <summary>Small hand-made evaluation inputs.</summary>
internal static class Inputs
{
    /// <summary>One-hot scores for the given predictions (so argmax = prediction).</summary>
    public static EvaluationInput FromPredictions(int[] truth, int[] predicted, int classes, string[]? labels = null)
    {
        var scores = new float[truth.Length * classes];
        for (var i = 0; i < truth.Length; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                scores[(i * classes) + c] = c == predicted[i] ? 0.9f : 0.1f / (classes - 1);
            }
        }

        return new EvaluationInput
        {
            ClassLabels = labels ?? Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray(),
            TrueClasses = truth,
            Scores = scores,
        };
    }

    /// <summary>An input from explicit score rows.</summary>
    public static EvaluationInput FromScores(int[] truth, float[][] rows, string[]? labels = null) => new()
    {
        ClassLabels = labels ?? Enumerable.Range(0, rows[0].Length).Select(c => $"c{c}").ToArray(),
        TrueClasses = truth,
        Scores = rows.SelectMany(r => r).ToArray(),
    };
}
