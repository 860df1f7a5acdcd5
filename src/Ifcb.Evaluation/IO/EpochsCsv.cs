using System.Globalization;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Evaluation.IO;

/// <summary>
/// Reads a training run's <c>epochs.csv</c> (<c>epoch,train_loss,val_loss,accuracy,f1_macro,f1_weighted,lr,seconds</c>).
/// Columns are found by name, so WHOI's shorter file (epoch, train_loss, val_loss, f1_macro, f1_weighted) also reads.
/// </summary>
public static class EpochsCsv
{
    /// <summary>Reads the file; bad rows raise <see cref="IfcbDataException"/> with the line number.</summary>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new IfcbDataException(path, "empty file, expected a header line");
        }

        var header = Csv.Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var epochColumn = header.IndexOf("epoch");
        if (epochColumn < 0)
        {
            throw new IfcbDataException(path, "no 'epoch' column in the header", line: 1);
        }

        var result = new List<EpochRecord>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n]))
            {
                continue;
            }

            var fields = Csv.Split(lines[n]);
            double Get(string name)
            {
                var i = header.IndexOf(name);
                if (i < 0 || i >= fields.Count || fields[i].Length == 0)
                {
                    return double.NaN;
                }

                return double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new IfcbDataException(path, $"column '{name}': '{fields[i]}' is not a number", line: n + 1);
            }

            var epoch = Get("epoch");
            if (double.IsNaN(epoch))
            {
                throw new IfcbDataException(path, "missing epoch number", line: n + 1);
            }

            result.Add(new EpochRecord((int)epoch, Get("train_loss"), Get("val_loss"), Get("accuracy"), Get("f1_macro"), Get("f1_weighted"), Get("lr"), Get("seconds")));
        }

        return result;
    }
}
