using Ifcb.Inference.Sources;

namespace Ifcb.Edge;

/// <summary>One bin as the live scan saw it.</summary>
/// <param name="Entry">The bin (id, time, instrument, base path).</param>
/// <param name="State">Waiting, complete or abandoned.</param>
/// <param name="Reason">Why it is waiting or abandoned (empty when complete).</param>
/// <param name="ReadyAt">For a waiting bin: when it may settle if nothing changes (the next time to look).</param>
public sealed record LiveBin(BinEntry Entry, LiveBinState State, string Reason, DateTimeOffset ReadyAt);
