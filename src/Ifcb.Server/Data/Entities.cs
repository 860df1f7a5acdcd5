namespace Ifcb.Server.Data;

// Times are stored as Unix milliseconds (UTC) in 64-bit integers: both providers index, compare and bucket
// them the same way, which DateTimeOffset on SQLite cannot.

/// <summary>A dataset (station or time series of one instrument deployment).</summary>
public sealed class DatasetRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Instrument { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>Taxon keys whose default alert rules were already seeded (comma separated), so a deleted default stays deleted.</summary>
    public string SeededTaxa { get; set; } = "";
    public long CreatedMs { get; set; }
}

/// <summary>One bin's metadata; (dataset, lid) is unique.</summary>
public sealed class BinRow
{
    public long Id { get; set; }
    public int DatasetId { get; set; }
    public string Lid { get; set; } = "";
    public long SampleTimeMs { get; set; }
    public string Instrument { get; set; } = "";
    /// <summary>Volume imaged, mL; null when the instrument reported none (or 0): the bin is kept, without concentrations.</summary>
    public double? MlAnalyzed { get; set; }
    public int RoiCount { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public double? Depth { get; set; }
    /// <summary>QC flags, comma separated (empty when none).</summary>
    public string QcFlags { get; set; } = "";
    public long CreatedMs { get; set; }
}

/// <summary>A classifier model, identified by the id in its card.</summary>
public sealed class ModelRow
{
    public int Id { get; set; }
    public string Key { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string? CardJson { get; set; }
    public int ClassCount { get; set; }
    public long CreatedMs { get; set; }
}

/// <summary>One class of a model, in card order.</summary>
public sealed class ModelClassRow
{
    public int ModelId { get; set; }
    public int ClassIndex { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>One (bin, model) result: the idempotency key of a push, and its audit (who wrote it, when).</summary>
public sealed class BinResultRow
{
    public long Id { get; set; }
    public long BinId { get; set; }
    public int ModelId { get; set; }
    public int DatasetId { get; set; }
    public long SampleTimeMs { get; set; }
    public int? TokenId { get; set; }
    public long CreatedMs { get; set; }
}

/// <summary>
/// Per-bin, per-class counts for one model. Dataset, time and volume are copied from the bin so that a time series
/// is one index range scan without a join.
/// </summary>
public sealed class ClassResultRow
{
    public long BinResultId { get; set; }
    public int ClassIndex { get; set; }
    public int DatasetId { get; set; }
    public int ModelId { get; set; }
    public long SampleTimeMs { get; set; }
    /// <summary>The bin's volume, mL; null (and so the concentrations) when the bin has none.</summary>
    public double? MlAnalyzed { get; set; }
    public int WinnerCount { get; set; }
    public int AboveThresholdCount { get; set; }
    public double? Threshold { get; set; }
    public double? WinnerPerMl { get; set; }
    public double? WinnerPerL { get; set; }
    public double? AbovePerMl { get; set; }
    public double? AbovePerL { get; set; }
    /// <summary>Count correction (filled by a later issue's method); null when the push had none.</summary>
    public string? CorrectedMethod { get; set; }
    public double? CorrectedCount { get; set; }
    public double? CorrectedLow { get; set; }
    public double? CorrectedHigh { get; set; }
}

/// <summary>
/// Per-class sums of one time bucket (an hour or a day, UTC, aligned to the Unix epoch) for one (dataset, model):
/// kept by ingest in the bin's transaction, so a daily series over a year reads 365 rows per class. Bins without a
/// volume are left out (they have no concentration).
/// </summary>
public sealed class SeriesBucketRow
{
    public int DatasetId { get; set; }
    public int ModelId { get; set; }
    public int ClassIndex { get; set; }
    /// <summary>Bucket width: 3,600,000 (hour) or 86,400,000 (day).</summary>
    public long WidthMs { get; set; }
    public long StartMs { get; set; }
    public int Bins { get; set; }
    public double MlAnalyzed { get; set; }
    public long WinnerCount { get; set; }
    public long AboveThresholdCount { get; set; }
    /// <summary>Bins of the bucket with a corrected count, and their sums (a bucket shows one only when every bin has one).</summary>
    public int CorrectedBins { get; set; }
    public double? CorrectedCount { get; set; }
    public double? CorrectedLow { get; set; }
    public double? CorrectedHigh { get; set; }
}

/// <summary>
/// Per-ROI scores of one (bin, model): row-major ROIs x classes little-endian float32. Pushes store them in a file of
/// the <see cref="ScoreStore"/> (<see cref="File"/>, the blobs empty); hubs from before that keep them in the blobs.
/// Read them through <see cref="ScoreStore.Load"/>, which fills the blobs from the file.
/// </summary>
public sealed class RoiScoresRow
{
    public long BinResultId { get; set; }
    public int RoiCount { get; set; }
    public int ClassCount { get; set; }
    /// <summary>ROI numbers as little-endian int32.</summary>
    public byte[] RoiNumbers { get; set; } = [];
    public byte[] Scores { get; set; } = [];
    /// <summary>The score file, relative to the store's root; null when the blobs hold the scores.</summary>
    public string? File { get; set; }
}

/// <summary>An alert rule: a taxon (one class or a group) above a level in cells/L.</summary>
public sealed class AlertRuleRow
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Class names of the taxon, separated by '|'.</summary>
    public string Classes { get; set; } = "";
    public double LevelPerL { get; set; }
    /// <summary>The model key the rule applies to; null for every model.</summary>
    public string? ModelKey { get; set; }
    /// <summary>Count only ROIs whose winning score is at least this (needs per-ROI scores); null counts all winners.</summary>
    public double? MinScore { get; set; }
    public string? WebhookUrl { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Where a seeded default came from; null for rules made by a user.</summary>
    public string? Source { get; set; }
    public long CreatedMs { get; set; }
}

/// <summary>A rule crossed by one bin's result; (rule, bin result) is unique, so it is recorded once.</summary>
public sealed class AlertEventRow
{
    public long Id { get; set; }
    public int RuleId { get; set; }
    public int DatasetId { get; set; }
    public long BinResultId { get; set; }
    public string BinLid { get; set; } = "";
    public string ModelKey { get; set; } = "";
    public long SampleTimeMs { get; set; }
    public double ValuePerL { get; set; }
    public double LevelPerL { get; set; }
    public long CreatedMs { get; set; }
}

/// <summary>A webhook delivery waiting to be sent (transactional outbox: written with the event, sent later).</summary>
public sealed class WebhookOutboxRow
{
    public long Id { get; set; }
    public long AlertEventId { get; set; }
    public string Url { get; set; } = "";
    public string PayloadJson { get; set; } = "";
    public int Attempts { get; set; }
    public long NextAttemptMs { get; set; }
    public long? DeliveredMs { get; set; }
    public bool Abandoned { get; set; }
    public string? LastError { get; set; }
}

/// <summary>An API token; only its SHA-256 is stored.</summary>
public sealed class ApiTokenRow
{
    public int Id { get; set; }
    public string Hash { get; set; } = "";
    /// <summary>The first characters of the token, to recognise it in lists without storing it.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>The dataset it may write to, or "*" for all.</summary>
    public string Dataset { get; set; } = "";
    public string? Name { get; set; }
    public long CreatedMs { get; set; }
    public long? RevokedMs { get; set; }
}

/// <summary>Who wrote what.</summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public long TimeMs { get; set; }
    public int? TokenId { get; set; }
    public string Action { get; set; } = "";
    public string? Dataset { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A person who logs in to the pages: reader, annotator or admin. The password is kept as ASP.NET Core Identity's hash.</summary>
public sealed class UserRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary><c>PasswordHasher</c> output (PBKDF2, salted); empty for accounts that cannot log in (imported annotators).</summary>
    public string PasswordHash { get; set; } = "";
    /// <summary>reader, annotator or admin.</summary>
    public string Role { get; set; } = "reader";
    public long CreatedMs { get; set; }
}

/// <summary>
/// One annotator's decision on one ROI: the class they gave it, and what the model said when they decided.
/// (dataset, bin, roi, user) is unique: a second decision by the same person replaces the first; two people's
/// decisions on one ROI are both kept.
/// </summary>
public sealed class ValidationDecisionRow
{
    public long Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>The bin id; not a key into bins, so imported annotations of bins without results are kept too.</summary>
    public string BinLid { get; set; } = "";
    public int Roi { get; set; }
    public int UserId { get; set; }
    /// <summary>The class the annotator gave the ROI.</summary>
    public string ClassName { get; set; } = "";
    /// <summary>The model whose prediction was shown; null for imported annotations.</summary>
    public int? ModelId { get; set; }
    public string? PredictedClass { get; set; }
    public double? PredictedScore { get; set; }
    /// <summary>Top score minus the second score.</summary>
    public double? Margin { get; set; }
    /// <summary>Where the ROI came from: score, uncertainty, random, rare, bin, or import.</summary>
    public string Queue { get; set; } = "";
    /// <summary>Bin sample time (Unix ms) when known, for time-range exports.</summary>
    public long? SampleTimeMs { get; set; }
    public long CreatedMs { get; set; }
}
