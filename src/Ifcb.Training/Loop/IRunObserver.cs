namespace Ifcb.Training.Loop;

/// <summary>
/// Something that acts on a run's progress beside the epoch loop: writing the run folder, checkpointing, or an
/// extension added through <see cref="Trainer.Extensions"/> (for example fitting more card fields once training
/// finished). Each method has an empty default, so an observer implements only what it needs. Observers run in
/// order, on the training thread; an exception stops the run like any training error.
/// </summary>
public interface IRunObserver
{
    /// <summary>A new best epoch (by the early-stopping metric): its model and validation predictions.</summary>
    void BestEpoch(BestEpochContext best)
    {
    }

    /// <summary>An epoch was trained and validated; <paramref name="state"/> is what a resume continues from.</summary>
    void EpochCompleted(EpochResult result, TrainingState state)
    {
    }

    /// <summary>The run finished (early stop or maximum epochs; not when cancelled). The run folder is complete.</summary>
    void TrainingFinished(TrainingFinishedContext finished)
    {
    }
}
