namespace Ifcb.Inference.Sources;

/// <summary>One discovered bin: its id (LID), sample time, instrument and where its files are.</summary>
/// <param name="Lid">The bin id, e.g. <c>D20130526T095207_IFCB013</c>.</param>
/// <param name="Timestamp">The sample time from the id (UTC).</param>
/// <param name="Instrument">The instrument name from the id, e.g. <c>IFCB13</c>.</param>
/// <param name="Path">The bin's path without extension (or whatever the source needs to open it).</param>
public sealed record BinEntry(string Lid, DateTimeOffset Timestamp, string Instrument, string Path);
