using Ifcb.Data;
using Ifcb.Formats.Mat;

namespace Ifcb.Formats.ClassScores;

/// <summary>
/// Reads v1 class-score files (<c>{LID}_class_v1.mat</c>, ifcb-analysis / iRfcb): <c>roinum</c>, <c>TBscores</c> (N x C)
/// and <c>class2useTB</c>, whose last entry "unclassified" has no score column and is dropped, as pyifcb does.
/// </summary>
public static class ClassScoresV1Reader
{
    /// <summary>Reads <paramref name="path"/> into the v3 model (thresholded winners from <c>TBclass_above_threshold</c>).</summary>
    public static ClassScoresV3 Read(string path)
    {
        var vars = MatFile.Read(path);
        var labels = Get<MatCell>(vars, path, "class2useTB").ToStrings().ToList();
        var scores = Get<MatNumeric>(vars, path, "TBscores");
        var rois = Get<MatNumeric>(vars, path, "roinum");
        int rows = scores.Dimensions[0], cols = scores.Dimensions[1];
        if (labels.Count == cols + 1 && labels[^1] == "unclassified")
        {
            labels.RemoveAt(labels.Count - 1);
        }

        if (labels.Count != cols)
        {
            throw new IfcbDataException(path, $"'TBscores' has {cols} columns but 'class2useTB' names {labels.Count} classes");
        }

        if (rois.Count != rows)
        {
            throw new IfcbDataException(path, $"'roinum' has {rois.Count} values for {rows} score rows");
        }

        var flat = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                flat[(r * cols) + c] = (float)scores[r, c];
            }
        }

        var binId = Path.GetFileName(path).Replace("_class_v1.mat", "", StringComparison.Ordinal);
        return new ClassScoresV3
        {
            BinId = binId,
            ClassLabels = labels,
            RoiNumbers = rois.ToDoubles().Select(v => (uint)v).ToArray(),
            Scores = flat,
            ModelId = vars.TryGetValue("classifierName", out var name) ? name.ToString() ?? "" : "",
            Version = "v1",
            ClassNames = vars.TryGetValue("TBclass_above_threshold", out var above) && above is MatCell cell && cell.Count == rows
                ? cell.ToStrings()
                : null,
        };
    }

    private static T Get<T>(IReadOnlyDictionary<string, MatArray> vars, string path, string name)
        where T : MatArray
        => vars.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw new IfcbDataException(path, $"missing or mistyped variable '{name}'");
}
