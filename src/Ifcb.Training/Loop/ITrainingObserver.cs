namespace Ifcb.Training.Loop;

/// <summary>Receives progress from a training run (a live bar on a terminal, log lines otherwise).</summary>
public interface ITrainingObserver
{
    /// <summary>A line for the log.</summary>
    void Log(string message);

    /// <summary>An epoch begins.</summary>
    void EpochStarted(int epoch, int epochsMax, int batches);

    /// <summary>A training batch finished.</summary>
    void BatchDone(int epoch, int batch, int batches, double loss, double imagesPerSecond);

    /// <summary>An epoch finished and was validated.</summary>
    void EpochDone(EpochResult result, bool best);
}
