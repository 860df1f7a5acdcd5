using System.Globalization;
using System.Text.Json;
using Ifcb.Data.IO;
using Ifcb.Formats.Hdf5;
using Ifcb.Formats.Mat;

namespace Ifcb.Evaluation.IO;

/// <summary>
/// Writes <c>results.json</c>, <c>results.h5</c> and <c>results.mat</c> with the keys of WHOI's ifcb_classifier
/// (<c>class_labels, image_basenames, output_scores, confusion_matrix, counts_perclass, f1_perclass, f1_weighted,
/// f1_macro, precision_*, recall_*, model_id, timestamp</c>) plus <c>true_classes</c> and <c>predicted_classes</c>, with
/// honest types: int32 counts and matrices, float32 scores, float64 metrics. Class indices are 0-based in JSON and
/// HDF5 (Python) and 1-based in the MAT-file (MATLAB).
/// </summary>
public static class ResultsFiles
{
    /// <summary>Writes <c>results.json</c>.</summary>
    public static void WriteJson(string path, EvaluationInput input, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            var m = result.Metrics;
            w.WriteStartObject();
            w.WriteString("model_id", result.ModelId);
            w.WriteString("timestamp", result.Timestamp);
            WriteArray(w, "class_labels", input.ClassLabels, (x, v) => x.WriteStringValue(v));
            WriteArray(w, "image_basenames", Names(input), (x, v) => x.WriteStringValue(v));
            w.WriteStartArray("output_scores");
            for (var i = 0; i < input.Count; i++)
            {
                w.WriteStartArray();
                foreach (var s in input.Row(i))
                {
                    w.WriteRawValue(s.ToString("R", CultureInfo.InvariantCulture));
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            WriteArray(w, "true_classes", input.TrueClasses, (x, v) => x.WriteNumberValue(v));
            WriteArray(w, "predicted_classes", result.Predicted, (x, v) => x.WriteNumberValue(v));
            w.WriteStartArray("confusion_matrix");
            foreach (var row in m.ConfusionMatrix)
            {
                WriteArray(w, null, row, (x, v) => x.WriteNumberValue(v));
            }

            w.WriteEndArray();
            WriteArray(w, "counts_perclass", m.PerClass.Select(p => p.Support), (x, v) => x.WriteNumberValue(v));
            WriteArray(w, "f1_perclass", m.PerClass.Select(p => p.F1), (x, v) => x.WriteNumberValue(v));
            WriteArray(w, "precision_perclass", m.PerClass.Select(p => p.Precision), (x, v) => x.WriteNumberValue(v));
            WriteArray(w, "recall_perclass", m.PerClass.Select(p => p.Recall), (x, v) => x.WriteNumberValue(v));
            foreach (var (key, value) in Scalars(result))
            {
                w.WriteNumber(key, value);
            }

            w.WriteStartObject("top_k_accuracy");
            foreach (var (k, v) in m.TopKAccuracy)
            {
                w.WriteNumber(k.ToString(CultureInfo.InvariantCulture), v);
            }

            w.WriteEndObject();
            w.WritePropertyName("calibration");
            JsonSerializer.Serialize(w, result.ModelCard);
            WriteArray(w, "thresholds_perclass", result.Thresholds.Chosen.Select(t => t.Threshold), (x, v) => x.WriteNumberValue(v));
            if (result.Thresholds.OperatingThreshold is double op)
            {
                w.WriteNumber("operating_threshold", op);
            }

            if (result.Bootstrap is { } b)
            {
                w.WriteStartObject("bootstrap");
                w.WriteNumber("resamples", b.Resamples);
                w.WriteNumber("seed", b.Seed);
                w.WriteNumber("level", b.Level);
                WriteInterval(w, "accuracy", b.Accuracy);
                WriteInterval(w, "f1_weighted", b.F1Weighted);
                WriteInterval(w, "f1_macro", b.F1Macro);
                WriteArray(w, "f1_perclass_lower", b.F1PerClass.Select(c => c.Lower), (x, v) => x.WriteNumberValue(v));
                WriteArray(w, "f1_perclass_upper", b.F1PerClass.Select(c => c.Upper), (x, v) => x.WriteNumberValue(v));
                WriteArray(w, "f1_perclass_std", b.F1PerClass.Select(c => c.StandardDeviation), (x, v) => x.WriteNumberValue(v));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>Writes <c>results.h5</c> (0-based class indices).</summary>
    public static void WriteHdf5(string path, EvaluationInput input, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var c = input.ClassCount;
        var builder = new Hdf5FileBuilder()
            .AddStrings("class_labels", input.ClassLabels, allowUtf8: true)
            .AddStrings("image_basenames", Names(input), allowUtf8: true)
            .AddFloat32("output_scores", input.Scores, input.Count, c)
            .AddInt32("true_classes", input.TrueClasses, input.Count)
            .AddInt32("predicted_classes", result.Predicted, input.Count)
            .AddInt32("confusion_matrix", m.ConfusionMatrix.SelectMany(r => r).ToArray(), c, c)
            .AddInt32("counts_perclass", m.PerClass.Select(p => p.Support).ToArray(), c)
            .AddFloat64("f1_perclass", m.PerClass.Select(p => p.F1).ToArray(), c)
            .AddFloat64("precision_perclass", m.PerClass.Select(p => p.Precision).ToArray(), c)
            .AddFloat64("recall_perclass", m.PerClass.Select(p => p.Recall).ToArray(), c)
            .AddFloat64("thresholds_perclass", result.Thresholds.Chosen.Select(t => t.Threshold).ToArray(), c)
            .AddString("model_id", Ascii(result.ModelId))
            .AddString("timestamp", result.Timestamp);
        foreach (var (key, value) in Scalars(result))
        {
            builder.AddScalar(key, value);
        }

        builder.Write(path);
    }

    /// <summary>Writes <c>results.mat</c> (MATLAB v5, compressed; 1-based class indices).</summary>
    public static void WriteMat(string path, EvaluationInput input, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Metrics;
        var c = input.ClassCount;
        var confusion = new int[c, c];
        for (var t = 0; t < c; t++)
        {
            for (var p = 0; p < c; p++)
            {
                confusion[t, p] = m.ConfusionMatrix[t][p];
            }
        }

        var vars = new List<KeyValuePair<string, MatArray>>
        {
            new("class_labels", MatCell.RowOfStrings(input.ClassLabels)),
            new("image_basenames", MatCell.ColumnOfStrings(Names(input))),
            new("output_scores", MatNumeric.MatrixFromRowMajor(input.Scores, input.Count, c)),
            new("true_classes", MatNumeric.Column(input.TrueClasses.Select(x => x + 1).ToArray())),
            new("predicted_classes", MatNumeric.Column(result.Predicted.Select(x => x + 1).ToArray())),
            new("confusion_matrix", MatNumeric.Matrix(confusion)),
            new("counts_perclass", MatNumeric.Row(m.PerClass.Select(p => p.Support).ToArray())),
            new("f1_perclass", MatNumeric.Row(m.PerClass.Select(p => p.F1).ToArray())),
            new("precision_perclass", MatNumeric.Row(m.PerClass.Select(p => p.Precision).ToArray())),
            new("recall_perclass", MatNumeric.Row(m.PerClass.Select(p => p.Recall).ToArray())),
            new("thresholds_perclass", MatNumeric.Row(result.Thresholds.Chosen.Select(t => t.Threshold).ToArray())),
            new("model_id", MatChar.Of(result.ModelId)),
            new("timestamp", MatChar.Of(result.Timestamp)),
        };
        vars.AddRange(Scalars(result).Select(s => new KeyValuePair<string, MatArray>(s.Key, MatNumeric.Scalar(s.Value))));
        MatFile.Write(path, vars);
    }

    private static IEnumerable<KeyValuePair<string, double>> Scalars(EvaluationResult result)
    {
        var m = result.Metrics;
        yield return new("accuracy", m.Accuracy);
        yield return new("f1_weighted", m.F1Weighted);
        yield return new("f1_macro", m.F1Macro);
        yield return new("f1_micro", m.F1Micro);
        yield return new("precision_weighted", m.PrecisionWeighted);
        yield return new("precision_macro", m.PrecisionMacro);
        yield return new("precision_micro", m.PrecisionMicro);
        yield return new("recall_weighted", m.RecallWeighted);
        yield return new("recall_macro", m.RecallMacro);
        yield return new("recall_micro", m.RecallMicro);
        yield return new("log_loss", m.LogLoss);
        yield return new("temperature", result.Temperature);
        yield return new("ece_before", result.CalibrationBefore.ExpectedCalibrationError);
        yield return new("ece_after", result.CalibrationAfter.ExpectedCalibrationError);
        yield return new("nll_before", result.NllBefore);
        yield return new("nll_after", result.NllAfter);
        yield return new("target_precision", result.Thresholds.TargetPrecision);
    }

    private static IReadOnlyList<string> Names(EvaluationInput input)
        => input.ItemNames ?? Enumerable.Range(0, input.Count).Select(i => $"item{i}").ToArray();

    private static string Ascii(string value) => new(value.Select(ch => ch > 127 ? '?' : ch).ToArray());

    private static void WriteInterval(Utf8JsonWriter w, string name, Metrics.ConfidenceInterval ci)
    {
        w.WriteStartObject(name);
        w.WriteNumber("value", ci.Value);
        w.WriteNumber("lower", ci.Lower);
        w.WriteNumber("upper", ci.Upper);
        w.WriteNumber("std", ci.StandardDeviation);
        w.WriteEndObject();
    }

    private static void WriteArray<T>(Utf8JsonWriter w, string? name, IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (var v in values)
        {
            write(w, v);
        }

        w.WriteEndArray();
    }
}
