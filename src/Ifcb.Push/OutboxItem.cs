namespace Ifcb.Push;

/// <summary>One queued push: where it goes and its JSON body.</summary>
public sealed record OutboxItem(long Id, string Dataset, string Bin, string Model, string Payload, int Attempts);
