namespace Ifcb.Server.Ingest;

/// <summary>What an ingest did: <see cref="Created"/> true for a new (bin, model), false when it was already stored.</summary>
public sealed record IngestOutcome(bool Created, long BinResultId, int AlertsRaised);
