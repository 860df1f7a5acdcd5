using Ifcb.Models;

namespace Ifcb.Training.Loop;

/// <summary>File names inside a training run folder; those other programs read are defined once in <see cref="ModelFiles"/>.</summary>
public static class RunFolder
{
    /// <summary>Resolved arguments.</summary>
    public const string Args = "args.json";

    /// <summary>The run log.</summary>
    public const string Log = "train.log";

    /// <summary>Per-epoch summary.</summary>
    public const string Epochs = ModelFiles.Epochs;

    /// <summary>The best epoch's weights (PyTorch state dict, loads into torchvision).</summary>
    public const string Weights = "model.pt";

    /// <summary>Validation predictions of the best epoch.</summary>
    public const string ValidationPredictions = ModelFiles.ValidationPredictions;

    /// <summary>Checkpoint folder (latest epoch).</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>Model checkpoint (TorchSharp format) inside the epoch folder (<see cref="Loop.Checkpoint"/>).</summary>
    public const string CheckpointModel = "model.dat";

    /// <summary>Optimiser checkpoint inside the epoch folder (<see cref="Loop.Checkpoint"/>).</summary>
    public const string CheckpointOptimizer = "optimizer.dat";

    /// <summary>Training state inside <see cref="Checkpoint"/>, written last: it names the complete epoch.</summary>
    public const string CheckpointState = "state.json";
}
