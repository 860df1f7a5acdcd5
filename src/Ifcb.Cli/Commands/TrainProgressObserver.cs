using System.Globalization;
using Ifcb.Training.Loop;
using Spectre.Console;

namespace Ifcb.Cli.Commands;

/// <summary>A live progress bar per epoch (epoch, batch, loss, images/s, ETA) on a terminal.</summary>
internal sealed class TrainProgressObserver(IAnsiConsole console, ProgressContext context) : ITrainingObserver
{
    private ProgressTask? _task;

    public void Log(string message) => console.MarkupLine(Markup.Escape(message));

    public void EpochStarted(int epoch, int epochsMax, int batches)
    {
        _task = context.AddTask($"epoch {epoch}/{epochsMax}", maxValue: batches);
    }

    public void BatchDone(int epoch, int batch, int batches, double loss, double imagesPerSecond)
    {
        if (_task is null)
        {
            return;
        }

        _task.Value = batch;
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch} batch {batch}/{batches} loss {loss:F4} {imagesPerSecond:F0} img/s"));
    }

    public void EpochDone(EpochResult result, bool best)
    {
        if (_task is not null)
        {
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }
}
