using System.Globalization;
using Ifcb.Training.Loop;
using Spectre.Console;

namespace Ifcb.Cli.Commands;

/// <summary>Plain progress lines for logs and pipes (no live bar).</summary>
internal sealed class TrainLogObserver(IAnsiConsole console) : ITrainingObserver
{
    public void Log(string message) => console.WriteLine(message);

    public void EpochStarted(int epoch, int epochsMax, int batches)
    {
    }

    public void BatchDone(int epoch, int batch, int batches, double loss, double imagesPerSecond)
    {
        // One line per ~10% of an epoch keeps logs readable.
        var every = Math.Max(1, batches / 10);
        if (batch % every == 0 || batch == batches)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch} batch {batch}/{batches} loss {loss:F4} {imagesPerSecond:F1} images/s"));
        }
    }

    public void EpochDone(EpochResult result, bool best)
    {
    }
}
