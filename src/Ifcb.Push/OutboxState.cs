namespace Ifcb.Push;

/// <summary>How many items the outbox holds in each state, and when the last one was delivered.</summary>
public sealed record OutboxState(int Pending, int Sent, int Rejected, DateTimeOffset? LastSent, string? LastError);
