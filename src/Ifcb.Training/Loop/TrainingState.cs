using System.Text.Json;
using Ifcb.Data.IO;

namespace Ifcb.Training.Loop;

/// <summary>
/// The resumable part of a run beside the model and optimiser checkpoints. Random streams (shuffles,
/// augmentation, dropout) are re-derived from the seed and the epoch, so no generator state is needed.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Last completed epoch (1-based; 0 = none).</summary>
    public int Epoch { get; init; }

    /// <summary>Optimiser steps taken so far (the schedule is a function of it).</summary>
    public long Step { get; init; }

    /// <summary>Best epoch so far (0 = none).</summary>
    public int BestEpoch { get; init; }

    /// <summary>Best score so far (validation loss, or minus macro F1).</summary>
    public double BestScore { get; init; } = double.PositiveInfinity;

    /// <summary>Metrics of the best epoch.</summary>
    public EpochResult? Best { get; init; }

    /// <summary>True once the run has finished (early stop or maximum epochs).</summary>
    public bool Finished { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads a state file.</summary>
    public static TrainingState Read(string path) =>
        JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty training state");

    /// <summary>Writes atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
