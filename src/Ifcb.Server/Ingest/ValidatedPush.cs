using Ifcb.Data.Ids;

namespace Ifcb.Server.Ingest;

/// <summary>A push that passed validation, with its derived values (sample time, decoded scores).</summary>
internal sealed record ValidatedPush(
    BinPush Source,
    BinId Bin,
    DateTimeOffset SampleTime,
    string Instrument,
    double? MlAnalyzed,
    int RoiCount,
    string ModelKey,
    string Sha256,
    string? CardJson,
    IReadOnlyList<PushClass> Classes,
    byte[]? RoiNumbers,
    byte[]? Scores,
    int ScoreRows);
