using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;

namespace Ifcb.Inference.Pipeline;

/// <summary>What reaches the writer: scored batches from the engines, and bin-level notes from the reader.</summary>
internal abstract record WriterMessage
{
    /// <summary>A batch the engine has scored.</summary>
    public sealed record Scored(Batch Batch) : WriterMessage;

    /// <summary>The reader has sent all <paramref name="Emitted"/> ROIs of a bin (fewer than its images when it failed).</summary>
    public sealed record Sealed(BinJob Job, int Emitted, BinFailure? Failure) : WriterMessage;

    /// <summary>A bin whose outputs were already complete: its summary, read back from them.</summary>
    public sealed record Skipped(BinSummary Summary) : WriterMessage;

    /// <summary>A bin that could not be opened.</summary>
    public sealed record Failed(BinFailure Failure) : WriterMessage;
}
