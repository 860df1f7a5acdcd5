using System.Collections.Concurrent;
using Ifcb.Datasets;
using Ifcb.Evaluation;
using Ifcb.Inference.Models;
using Ifcb.Inference.Scoring;

namespace Ifcb.App;

/// <summary>
/// Runs a model (ONNX, through the classify engine and the shared preprocessing) over a labelled set — class
/// folders, or labelled ROIs inside raw bins, as <c>ifcb train</c> reads them — and turns the scores into an
/// <see cref="EvaluationInput"/>. Images whose class the model does not know cannot be scored fairly: they are left
/// out and counted, as are images that cannot be read.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>The scored set, plus how many images were left out and why.</summary>
    public sealed record Scored(EvaluationInput Input, ModelDescription Model, int UnknownClassImages, int UnreadableImages, IReadOnlyList<string> Notes);

    /// <summary>
    /// Scores every labelled image under <paramref name="data"/> (class folders) or, when <paramref name="labels"/> are
    /// given, every labelled ROI in the bins under <paramref name="data"/>, with the model at <paramref name="modelPath"/>.
    /// </summary>
    public static Scored Run(string modelPath, IReadOnlyList<string> data, IReadOnlyList<string>? labels = null, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = ModelLoader.Load(modelPath);
        // Evaluation keeps every class, however small: class-min is a training rule, not an evaluation one.
        var options = new DatasetOptions { ClassMin = 1 };
        var dataset = labels is { Count: > 0 } ? DatasetBuilder.BuildFromBins(labels, data, options) : DatasetBuilder.Build(data, options);
        var index = model.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var known = dataset.Images.Where(im => index.ContainsKey(im.Label)).ToList();
        var unknown = dataset.Images.Count - known.Count;
        var notes = new List<string>(dataset.Notes);
        if (unknown > 0)
        {
            var names = dataset.Images.Where(im => !index.ContainsKey(im.Label)).Select(im => im.Label).Distinct().Order(StringComparer.Ordinal);
            notes.Add($"{unknown} images of classes the model does not know were left out: {string.Join(", ", names)}");
        }

        // An unreadable image is scored as a 1x1 placeholder (the batch stays whole) and its row dropped afterwards.
        var failures = new ConcurrentDictionary<int, string>();
        float[][] rows;
        using (var reader = new LabelledImageReader())
        {
            rows = ImageScorer.Score(model, known.Count, i =>
            {
                try
                {
                    var image = reader.Load(known[i]);
                    return (image.Pixels, image.Width, image.Height);
                }
                catch (InvalidDataException e)
                {
                    failures[i] = e.Message;
                    return ([0], 1, 1);
                }
            }, batchSize);
        }

        foreach (var (_, reason) in failures.OrderBy(f => f.Key))
        {
            notes.Add($"skipped unreadable image {reason}");
        }

        if (!failures.IsEmpty)
        {
            notes.Add($"unreadable images skipped: {failures.Count}");
        }

        var kept = Enumerable.Range(0, known.Count).Where(i => !failures.ContainsKey(i)).ToList();
        var scores = new float[kept.Count * model.Labels.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            rows[kept[k]].CopyTo(scores, k * model.Labels.Count);
        }

        var input = new EvaluationInput
        {
            ClassLabels = model.Labels,
            TrueClasses = [.. kept.Select(i => index[known[i].Label])],
            Scores = scores,
            ItemNames = [.. kept.Select(i => known[i].Name)],
        };
        return new Scored(input, model, unknown, failures.Count, notes);
    }
}
