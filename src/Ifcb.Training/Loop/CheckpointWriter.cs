using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>Saves the model, the optimiser and the state after every epoch, so <c>--resume</c> continues from it.</summary>
internal sealed class CheckpointWriter(string checkpointDir, nn.Module model, OptimizerHelper optimizer) : IRunObserver
{
    /// <inheritdoc/>
    public void EpochCompleted(EpochResult result, TrainingState state) => Checkpoint.Save(checkpointDir, model, optimizer, state);
}
