using Ifcb.Training.Loop;
using TorchSharp;

namespace Ifcb.Training.Tests.Loop;

/// <summary>Records what a run reports, including live tensors at every epoch end.</summary>
internal sealed class RecordingObserver : ITrainingObserver
{
    public List<string> Lines { get; } = [];

    public List<EpochResult> Epochs { get; } = [];

    public List<long> LiveTensorsAtEpochEnd { get; } = [];

    public int Batches { get; private set; }

    public void Log(string message) => Lines.Add(message);

    public void EpochStarted(int epoch, int epochsMax, int batches)
    {
    }

    public void BatchDone(int epoch, int batch, int batches, double loss, double imagesPerSecond) => Batches++;

    public void EpochDone(EpochResult result, bool best)
    {
        Epochs.Add(result);
        LiveTensorsAtEpochEnd.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
