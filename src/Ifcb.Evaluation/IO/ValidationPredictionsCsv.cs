using System.Globalization;
using System.Text;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Evaluation.IO;

/// <summary>
/// The training run's <c>validation_predictions.csv</c>: <c>image,true_class,predicted_class,&lt;one probability column per
/// class label&gt;</c>. <c>true_class</c> is a class label (a 0-based class index is accepted too).
/// </summary>
public static class ValidationPredictionsCsv
{
    private const int FixedColumns = 3;

    /// <summary>Reads the file into an <see cref="EvaluationInput"/>; bad rows raise <see cref="IfcbDataException"/>.</summary>
    public static EvaluationInput Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var headerLine = reader.ReadLine() ?? throw new IfcbDataException(path, "empty file, expected a header line");
        var header = Csv.Split(headerLine);
        if (header.Count <= FixedColumns || header[0] != "image" || header[1] != "true_class" || header[2] != "predicted_class")
        {
            throw new IfcbDataException(path, "header must be 'image,true_class,predicted_class,<class labels...>'", line: 1);
        }

        var labels = header.Skip(FixedColumns).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < labels.Count; c++)
        {
            if (!index.TryAdd(labels[c], c))
            {
                throw new IfcbDataException(path, $"class label '{labels[c]}' appears twice in the header", line: 1);
            }
        }

        var names = new List<string>();
        var truth = new List<int>();
        var scores = new List<float>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Csv.Split(line);
            if (fields.Count != header.Count)
            {
                throw new IfcbDataException(path, $"{fields.Count} fields, the header has {header.Count}", line: lineNumber);
            }

            names.Add(fields[0]);
            truth.Add(ClassIndex(fields[1], index, labels.Count, path, lineNumber));
            for (var c = 0; c < labels.Count; c++)
            {
                var text = fields[FixedColumns + c];
                if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !float.IsFinite(p) || p < 0)
                {
                    throw new IfcbDataException(path, $"column '{labels[c]}': '{text}' is not a probability", line: lineNumber);
                }

                scores.Add(p);
            }
        }

        return new EvaluationInput { ClassLabels = labels, TrueClasses = [.. truth], Scores = [.. scores], ItemNames = names };
    }

    /// <summary>Writes <paramref name="input"/> in the same layout (atomically).</summary>
    public static void Write(string path, EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var predicted = input.PredictedClasses();
        var sb = new StringBuilder();
        sb.Append("image,true_class,predicted_class");
        foreach (var label in input.ClassLabels)
        {
            sb.Append(',').Append(Csv.Quote(label));
        }

        sb.Append('\n');
        for (var i = 0; i < input.Count; i++)
        {
            sb.Append(Csv.Quote(input.ItemNames?[i] ?? $"item{i}"))
                .Append(',').Append(Csv.Quote(input.ClassLabels[input.TrueClasses[i]]))
                .Append(',').Append(Csv.Quote(input.ClassLabels[predicted[i]]));
            foreach (var s in input.Row(i))
            {
                sb.Append(',').Append(s.ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static int ClassIndex(string value, Dictionary<string, int> index, int count, string path, int line)
    {
        if (index.TryGetValue(value, out var c))
        {
            return c;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out c) && c < count)
        {
            return c;
        }

        throw new IfcbDataException(path, $"true_class '{value}' is not one of the {count} class labels in the header", line: line);
    }
}
