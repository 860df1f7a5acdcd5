using Ifcb.Data;
using Ifcb.Data.Ids;
using Ifcb.Data.IO;

namespace Ifcb.Formats.Labels;

/// <summary>
/// Reads a <c>pid,class</c> CSV: one labelled ROI per line, the pid an ROI id such as
/// <c>D20230101T120000_IFCB123_00005</c> or <c>IFCB1_2006_158_000036_00005</c> (a leading path and an image
/// extension such as <c>.png</c> are allowed). The header line <c>pid,class</c> is optional, blank lines are skipped,
/// further columns are ignored and cells may be quoted. <c>ifcb synth</c> writes exactly this as <c>ground_truth.csv</c>.
/// </summary>
public static class RoiLabelCsv
{
    /// <summary>Reads <paramref name="path"/>; a malformed line is an <see cref="IfcbDataException"/> naming file, line and reason.</summary>
    public static IReadOnlyList<RoiLabel> Read(string path)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IfcbDataException(path, $"cannot read labels: {e.Message}", inner: e);
        }

        var labels = new List<RoiLabel>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = Csv.Split(line);
            var pidText = Cell(cells, 0);
            var label = Cell(cells, 1);
            if (lineNumber == 1 && string.Equals(pidText, "pid", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (cells.Count < 2 || pidText.Length == 0 || label.Length == 0)
            {
                throw new IfcbDataException(path, "expected 'pid,class' with both cells filled", line: lineNumber);
            }

            if (!Pid.TryParse(pidText, out var pid, out var reason))
            {
                throw new IfcbDataException(path, reason, line: lineNumber);
            }

            if (pid.Target is not int target || pid.Product is not null)
            {
                throw new IfcbDataException(path, $"'{pidText}' does not name one ROI (expected {{bin id}}_{{roi number}}, e.g. {pid.Bin.RoiId(5)})", line: lineNumber);
            }

            if (target < 1)
            {
                throw new IfcbDataException(path, $"'{pidText}': ROI numbers start at 1", line: lineNumber);
            }

            labels.Add(new RoiLabel(pid.Bin, target, label, $"{path}:{lineNumber}"));
        }

        return labels;
    }

    private static string Cell(List<string> cells, int index) => index < cells.Count ? cells[index].Trim() : "";
}
