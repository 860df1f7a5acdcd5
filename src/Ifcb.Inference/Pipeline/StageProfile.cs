using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ifcb.Inference.Pipeline;

/// <summary>The pipeline stages whose busy time <see cref="StageProfile"/> adds up.</summary>
public enum PipelineStage
{
    /// <summary>Opening bins and reading ROI pixels (the reader task, not counting waits for a free slot).</summary>
    Read,

    /// <summary>Resize and normalise into the batch tensor (all workers together).</summary>
    Preprocess,

    /// <summary>The engine's host-side work around the session: tensor wrapping, softmax, output copies.</summary>
    Copy,

    /// <summary>ONNX Runtime's <c>Run</c> (on a GPU this includes the host-to-device and device-to-host transfers).</summary>
    Compute,

    /// <summary>Writing per-bin outputs and summaries (the writer task).</summary>
    Write,
}

/// <summary>
/// Busy time per pipeline stage, summed over the threads of that stage (thread-safe). The stages overlap, so the
/// shares are of the summed busy time; <see cref="Format"/> also gives each stage's busy time against the wall clock.
/// </summary>
public sealed class StageProfile
{
    private readonly long[] _ticks = new long[Enum.GetValues<PipelineStage>().Length];

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) to a stage.</summary>
    public void Add(PipelineStage stage, long startTimestamp) => AddTicks(stage, Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Adds <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks) to a stage.</summary>
    public void AddTicks(PipelineStage stage, long ticks) => Interlocked.Add(ref _ticks[(int)stage], ticks);

    /// <summary>The busy time of a stage.</summary>
    public TimeSpan this[PipelineStage stage] => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    /// <summary>The busy time of every stage together.</summary>
    public TimeSpan Total => Enum.GetValues<PipelineStage>().Aggregate(TimeSpan.Zero, (sum, s) => sum + this[s]);

    /// <summary>The share of a stage in <see cref="Total"/> (0..1).</summary>
    public double Share(PipelineStage stage) => Total > TimeSpan.Zero ? this[stage] / Total : 0;

    /// <summary>One line per stage: busy seconds, share of all busy time, busy time per second of wall clock.</summary>
    public string Format(TimeSpan wall)
    {
        var text = new StringBuilder();
        foreach (var stage in Enum.GetValues<PipelineStage>())
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{stage.ToString().ToLowerInvariant(),-10} {this[stage].TotalSeconds,8:F2} s  {100 * Share(stage),5:F1}%  ({(wall > TimeSpan.Zero ? this[stage] / wall : 0):F2} of wall)\n");
        }

        return text.ToString();
    }
}
