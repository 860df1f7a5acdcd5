using System.Globalization;
using System.Text;
using Ifcb.Data.IO;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>
/// <c>{LID}_class_scores.csv</c>: header <c>pid,&lt;label...&gt;</c>, one row per ROI with the ROI id and its
/// probabilities: the Dashboard's <c>_class_scores.csv</c> export shape. Floats print their shortest round-trip form.
/// </summary>
public sealed class CsvScoresFormat : IScoresFormat
{
    /// <inheritdoc/>
    public string Name => "csv";

    /// <inheritdoc/>
    public string PathFor(string root, BinEntry bin)
        => Path.Combine(OutputLayout.Folder(root, bin), $"{bin.Lid}_class_scores.csv");

    /// <inheritdoc/>
    public void Write(string path, BinScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var c = scores.Labels.Count;
        var text = new StringBuilder();
        text.Append("pid");
        foreach (var label in scores.Labels)
        {
            text.Append(',').Append(Csv.Quote(label));
        }

        text.Append('\n');
        for (var i = 0; i < scores.RoiNumbers.Count; i++)
        {
            text.Append(OutputLayout.RoiId(scores.Lid, scores.RoiNumbers[i]));
            for (var j = 0; j < c; j++)
            {
                text.Append(',').Append(scores.Scores[(i * c) + j].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <inheritdoc/>
    public float[]? ReadValid(string path, BinScores expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        var c = expected.Labels.Count;
        if (lines.Length != expected.RoiNumbers.Count + 1 || lines[0] != Csv.Line(["pid", .. expected.Labels]))
        {
            return null;
        }

        var scores = new float[expected.RoiNumbers.Count * c];
        for (var i = 0; i < expected.RoiNumbers.Count; i++)
        {
            var cells = Csv.Split(lines[i + 1]);
            if (cells.Count != c + 1 || cells[0] != OutputLayout.RoiId(expected.Lid, expected.RoiNumbers[i]))
            {
                return null;
            }

            for (var j = 0; j < c; j++)
            {
                if (!float.TryParse(cells[j + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out scores[(i * c) + j]))
                {
                    return null;
                }
            }
        }

        return scores;
    }
}
