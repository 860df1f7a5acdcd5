using System.Globalization;
using Ifcb.Data;
using Ifcb.Data.Ids;
using Ifcb.Formats.Mat;

namespace Ifcb.Formats.Labels;

/// <summary>
/// Reads an ifcb-analysis manual-annotation result file, <c>{bin id}.mat</c> (MATLAB v5, written by
/// <c>manual_classify</c>): <c>classlist</c> is an n x 3 (or wider) matrix whose column 1 is the ROI number and
/// column 2 the manual class, a 1-based index into the cell array <c>class2use_manual</c>, NaN where the ROI was
/// not annotated; further columns (auto class, sub-class) are ignored. For v1 bins the ROI numbers are the stitched
/// numbering (ifcb-analysis sets the second half of a stitched pair to NaN).
/// </summary>
public static class ManualAnnotationFile
{
    /// <summary>The labels of one file and how many of its ROIs were not annotated.</summary>
    /// <param name="Bin">The bin, from the file name.</param>
    /// <param name="Labels">One label per annotated ROI, in file order.</param>
    /// <param name="Unannotated">Rows whose manual class is NaN (skipped).</param>
    public sealed record Result(BinId Bin, IReadOnlyList<RoiLabel> Labels, int Unannotated);

    /// <summary>True when <paramref name="path"/>'s name (without <c>.mat</c>) is a bin id, as annotation files are named.</summary>
    public static bool IsAnnotationFileName(string path) => BinIdOf(path, out _) is not null;

    /// <summary>Reads <paramref name="path"/>; anything malformed is an <see cref="IfcbDataException"/> naming the file, the ROI and the reason.</summary>
    public static Result Read(string path)
    {
        var bin = BinIdOf(path, out var reason) ?? throw new IfcbDataException(path, $"an annotation file is named after its bin ({{bin id}}.mat): {reason}");
        var vars = MatFile.Read(path);
        var classlist = vars.TryGetValue("classlist", out var c) && c is MatNumeric numeric
            ? numeric
            : throw new IfcbDataException(path, "no numeric 'classlist' variable: not an ifcb-analysis manual-annotation file");
        var names = vars.TryGetValue("class2use_manual", out var n) && n is MatCell cell
            ? ToStrings(cell, path)
            : throw new IfcbDataException(path, "no 'class2use_manual' cell array of class names");
        if (classlist.Dimensions.Length != 2 || (classlist.Count > 0 && classlist.Dimensions[1] < 2))
        {
            throw new IfcbDataException(path, $"'classlist' is {string.Join("x", classlist.Dimensions)}; expected n x 2 or more (roi number, manual class, ...)");
        }

        var rows = classlist.Count == 0 ? 0 : classlist.Dimensions[0];
        var labels = new List<RoiLabel>();
        var unannotated = 0;
        for (var r = 0; r < rows; r++)
        {
            var roiValue = classlist[r, 0];
            if (!IsWhole(roiValue) || roiValue < 1)
            {
                throw new IfcbDataException(path, $"classlist row {r + 1}: ROI number {Text(roiValue)} is not a positive whole number");
            }

            var roi = (int)roiValue;
            var classValue = classlist[r, 1];
            if (double.IsNaN(classValue))
            {
                unannotated++;
                continue;
            }

            if (!IsWhole(classValue) || classValue < 1 || classValue > names.Length)
            {
                throw new IfcbDataException(path, $"manual class {Text(classValue)} is not an index into class2use_manual (1..{names.Length})", target: roi);
            }

            var name = names[(int)classValue - 1];
            if (name.Length == 0)
            {
                throw new IfcbDataException(path, $"manual class {Text(classValue)} has an empty name in class2use_manual", target: roi);
            }

            labels.Add(new RoiLabel(bin, roi, name, $"{path} (roi {roi})"));
        }

        return new Result(bin, labels, unannotated);
    }

    private static BinId? BinIdOf(string path, out string reason)
    {
        var name = Path.GetFileName(path);
        if (!name.EndsWith(".mat", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"'{name}' does not end in .mat";
            return null;
        }

        if (Pid.TryParse(name[..^4], out var pid, out reason) && pid.Target is null && pid.Product is null && pid.Extension is null)
        {
            return pid.Bin;
        }

        reason = pid is null ? reason : $"'{name}' is not named {{bin id}}.mat";
        return null;
    }

    private static string[] ToStrings(MatCell cell, string path)
    {
        try
        {
            return cell.ToStrings();
        }
        catch (InvalidDataException e)
        {
            throw new IfcbDataException(path, $"class2use_manual: {e.Message}", inner: e);
        }
    }

    private static bool IsWhole(double value) => double.IsFinite(value) && Math.Floor(value) == value && value <= int.MaxValue;

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
