namespace Ifcb.Inference.Outputs;

/// <summary>Every per-bin output format by its command-line name.</summary>
public static class ScoresFormats
{
    /// <summary>The names accepted by <c>--format</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["h5", "csv", "parquet"];

    /// <summary>The format named <paramref name="name"/>, or null.</summary>
    public static IScoresFormat? Create(string name) => name switch
    {
        "h5" => new H5ScoresFormat(),
        "csv" => new CsvScoresFormat(),
        "parquet" => new ParquetScoresFormat(),
        _ => null,
    };
}
