namespace Ifcb.Push;

/// <summary>What one drain of the outbox did.</summary>
public sealed record DrainResult(int Stored, int AlreadyStored, int Rejected, int Pending, string? StoppedBecause);
