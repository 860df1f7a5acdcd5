using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Outputs;

/// <summary>One per-bin output format (v3 h5, CSV, Parquet): where it goes, how it is written, how it is checked.</summary>
public interface IScoresFormat
{
    /// <summary>The name used on the command line (<c>h5</c>, <c>csv</c>, <c>parquet</c>).</summary>
    string Name { get; }

    /// <summary>The output path of <paramref name="bin"/> under <paramref name="root"/>.</summary>
    string PathFor(string root, BinEntry bin);

    /// <summary>Writes <paramref name="scores"/> to <paramref name="path"/> atomically (temp + rename).</summary>
    void Write(string path, BinScores scores);

    /// <summary>
    /// Reads an existing output back and checks that it is complete and matches <paramref name="expected"/> (labels,
    /// ROI numbers, shape; its scores are ignored). Returns the stored scores, or null when the file is missing,
    /// partial, corrupt or different (the bin is then redone).
    /// </summary>
    float[]? ReadValid(string path, BinScores expected);
}
