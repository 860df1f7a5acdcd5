namespace Ifcb.Telemetry;

/// <summary>
/// An encoded message and what had to be left out to fit: the winner counts (dropped first) and, if still too big,
/// the classes with the smallest above-threshold counts (their number and total travel in the message).
/// </summary>
public sealed record SbdEncoding(byte[] Bytes, bool WinnersDropped, IReadOnlyList<int> DroppedClasses)
{
    /// <summary>Whether anything was left out.</summary>
    public bool Lossy => WinnersDropped || DroppedClasses.Count > 0;
}
