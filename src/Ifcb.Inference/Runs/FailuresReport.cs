using System.Text;
using Ifcb.Data.IO;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Runs;

/// <summary><c>failures.csv</c>: <c>bin,file,reason</c>, one row per bin that could not be classified (RFC 4180 quoting).</summary>
public static class FailuresReport
{
    /// <summary>Writes the report atomically (header only when nothing failed, so a clean re-run clears an old one).</summary>
    public static void Write(string path, IEnumerable<BinFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var text = new StringBuilder("bin,file,reason\n");
        foreach (var f in failures)
        {
            text.Append(Csv.Quote(f.Bin)).Append(',').Append(Csv.Quote(f.File)).Append(',').Append(Csv.Quote(f.Reason)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a report written by <see cref="Write"/>; errors name the file and line.</summary>
    public static IReadOnlyList<BinFailure> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != "bin,file,reason")
        {
            throw new Ifcb.Data.IfcbDataException(path, "not a failures report (expected the header 'bin,file,reason')", line: 1);
        }

        var failures = new List<BinFailure>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = Csv.Split(lines[i]);
            failures.Add(cells.Count == 3 ? new BinFailure(cells[0], cells[1], cells[2]) : throw new Ifcb.Data.IfcbDataException(path, $"expected 3 cells, found {cells.Count}", line: i + 1));
        }

        return failures;
    }
}
