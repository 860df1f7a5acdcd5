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
}
