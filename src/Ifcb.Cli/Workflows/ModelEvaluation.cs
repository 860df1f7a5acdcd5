using Ifcb.Evaluation;
using Ifcb.Imaging;
using Ifcb.Inference.Models;
using Ifcb.Inference.Scoring;
using Ifcb.Training.Data;

namespace Ifcb.Cli.Workflows;

/// <summary>
/// Runs a model (ONNX, through the classify engine and the shared preprocessing) over a labelled set — class
/// folders, as <c>ifcb train</c> reads them — and turns the scores into an <see cref="EvaluationInput"/>.
/// Images whose class the model does not know cannot be scored fairly: they are left out and counted.
/// </summary>
public static class ModelEvaluation
{
    /// <summary>The scored set, plus how many images were left out and why.</summary>
    public sealed record Scored(EvaluationInput Input, ModelDescription Model, int UnknownClassImages, IReadOnlyList<string> Notes);

    /// <summary>Scores every labelled image under <paramref name="data"/> with the model at <paramref name="modelPath"/>.</summary>
    public static Scored Run(string modelPath, IReadOnlyList<string> data, int batchSize = 32)
    {
        var model = ModelLoader.Load(modelPath);
        // Evaluation keeps every class, however small: class-min is a training rule, not an evaluation one.
        var dataset = DatasetBuilder.Build(data, new DatasetOptions { ClassMin = 1 });
        var index = model.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var known = dataset.Images.Where(im => index.ContainsKey(im.Label)).ToList();
        var unknown = dataset.Images.Count - known.Count;
        var notes = new List<string>(dataset.Notes);
        if (unknown > 0)
        {
            var labels = dataset.Images.Where(im => !index.ContainsKey(im.Label)).Select(im => im.Label).Distinct().Order(StringComparer.Ordinal);
            notes.Add($"{unknown} images of classes the model does not know were left out: {string.Join(", ", labels)}");
        }

        var rows = ImageScorer.Score(model, known.Count, i =>
        {
            var image = ImageLoader.Load(known[i].Path);
            return (image.Pixels, image.Width, image.Height);
        }, batchSize);
        var scores = new float[known.Count * model.Labels.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i].CopyTo(scores, i * model.Labels.Count);
        }

        var input = new EvaluationInput
        {
            ClassLabels = model.Labels,
            TrueClasses = [.. known.Select(im => index[im.Label])],
            Scores = scores,
            ItemNames = [.. known.Select(im => im.Name)],
        };
        return new Scored(input, model, unknown, notes);
    }
}
