using System.Text;
using Ifcb.Data.IO;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;

namespace Ifcb.Edge;

/// <summary><c>abandoned.csv</c> (<c>bin,file,reason</c>): bins that never completed, reported once and skipped for good.</summary>
internal static class AbandonedReport
{
    public const string FileName = "abandoned.csv";

    public static Dictionary<string, BinFailure> Read(string outputRoot)
    {
        var path = Path.Combine(outputRoot, FileName);
        var found = new Dictionary<string, BinFailure>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return found;
        }

        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            var cells = Csv.Split(line);
            if (cells.Count == 3)
            {
                found[cells[0]] = new BinFailure(cells[0], cells[1], cells[2]);
            }
        }

        return found;
    }

    public static void Write(string outputRoot, IEnumerable<BinFailure> abandoned)
    {
        var text = new StringBuilder("bin,file,reason\n");
        foreach (var a in abandoned.OrderBy(a => a.Bin, StringComparer.Ordinal))
        {
            text.Append(Csv.Quote(a.Bin)).Append(',').Append(Csv.Quote(a.File)).Append(',').Append(Csv.Quote(a.Reason)).Append('\n');
        }

        AtomicFile.WriteAllText(Path.Combine(outputRoot, FileName), text.ToString());
    }
}
