using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ifcb.Data.IO;
using Ifcb.Datasets;
using Ifcb.Evaluation;
using Ifcb.Evaluation.IO;
using Ifcb.Evaluation.Metrics;
using Ifcb.Imaging;
using Ifcb.Models;
using Ifcb.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>
/// Trains a registry model on a split dataset and keeps a resumable run folder: WHOI's recipe (Adam 1e-3,
/// cross-entropy, early stopping on validation loss, best epoch kept) plus class weights, label smoothing,
/// schedules, channels-last and bf16. Three parts: the set-up (<see cref="TrainingSession"/>), the epoch loop here
/// (<see cref="TrainingStep"/> per batch, validation, <see cref="EarlyStopping"/>), and the observers that act on
/// its progress (<see cref="RunFolderWriter"/>, <see cref="CheckpointWriter"/>, then <see cref="Extensions"/>).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainOptions _options;
    private readonly ITrainingObserver _observer;
    private readonly string _out;
    private StreamWriter? _log;

    /// <summary>Prepares a run with fully resolved options.</summary>
    public Trainer(TrainOptions options, ITrainingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        _options = options;
        _observer = observer;
        _out = Path.GetFullPath(options.Out);
    }

    /// <summary>Test hook: stop cleanly after this epoch as if killed (null = never).</summary>
    public int? StopAfterEpoch { get; init; }

    /// <summary>
    /// Observers added to the built-in ones (run folder, checkpoint), called after them: the extension point for
    /// callbacks such as fitting more model-card fields when training finished.
    /// </summary>
    public IList<IRunObserver> Extensions { get; } = [];

    /// <summary>The best epoch's metrics once <see cref="Run"/> returns.</summary>
    public EpochResult? Best { get; private set; }

    /// <summary>Closes the log if a run was interrupted by an exception.</summary>
    public void Dispose()
    {
        _log?.Dispose();
        _log = null;
    }

    /// <summary>Reads the options of a run folder, for <c>--resume</c>.</summary>
    public static TrainOptions ReadRunOptions(string runFolder) => TrainArgsJson.Read(Path.Combine(runFolder, RunFolder.Args));

    /// <summary>
    /// Runs (or, when <paramref name="resume"/> is set, continues) training. Returns true when the run finished,
    /// false when it was cancelled or stopped by <see cref="StopAfterEpoch"/> (the last epoch's checkpoint is kept).
    /// </summary>
    public bool Run(bool resume, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_out);
        var checkpointDir = Path.Combine(_out, RunFolder.Checkpoint);
        Directory.CreateDirectory(checkpointDir);
        _log = new StreamWriter(Path.Combine(_out, RunFolder.Log), append: resume, Encoding.UTF8) { AutoFlush = true };
        try
        {
            return RunCore(resume, checkpointDir, cancellationToken);
        }
        finally
        {
            _log.Dispose();
            _log = null;
        }
    }

    private bool RunCore(bool resume, string checkpointDir, CancellationToken cancellationToken)
    {
        var o = _options;
        if (resume && !File.Exists(Path.Combine(checkpointDir, RunFolder.CheckpointState)))
        {
            // Killed before its first checkpoint (its split may be half written): start over in the same folder.
            // Every random choice is seeded, so this still gives the uninterrupted run's result.
            Log($"no checkpoint in {_out} yet: starting it over");
            resume = false;
        }

        using var session = new TrainingSession(o, _out, resume, checkpointDir, Log);
        var state = session.State;
        Best = state.Best;
        if (session.AlreadyFinished)
        {
            return true;
        }

        var (trainLoader, valLoader, schedule) = (session.TrainLoader, session.ValidationLoader, session.Schedule);
        var stopping = new EarlyStopping(o);
        // The run folder first (best epoch's products, then the epochs.csv row), then the checkpoint naming it complete.
        IRunObserver[] observers = [new RunFolderWriter(_out, o), new CheckpointWriter(checkpointDir, session.Model, session.Optimizer), .. Extensions];
        for (var epoch = state.Epoch + 1; epoch <= o.EpochsMax; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Log($"cancelled; the checkpoint of epoch {state.Epoch} is kept (resume with --resume {_out})");
                return false;
            }

            var watch = Stopwatch.StartNew();
            random.manual_seed(Seeds.Mix(o.Seed, epoch, 4));
            _observer.EpochStarted(epoch, o.EpochsMax, trainLoader.BatchCount);
            double trainLoss;
            long step;
            try
            {
                (trainLoss, step) = TrainEpoch(session, state.Step, epoch, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The half-done epoch is dropped: resuming repeats it from the last checkpoint, so a resumed run
                // still equals an uninterrupted one.
                Log($"cancelled during epoch {epoch}; the checkpoint of epoch {state.Epoch} is kept (resume with --resume {_out})");
                return false;
            }

            var (valLoss, probabilities, truth) = Validate(session.Model, valLoader, epoch, session.Dtype);
            var predicted = probabilities.Select(ArgMax).ToArray();
            var metrics = ClassificationMetrics.Headline(truth, predicted, session.ClassCount);
            var result = new EpochResult(epoch, trainLoss, valLoss, metrics.Accuracy, metrics.F1Macro, metrics.F1Weighted, schedule.At(Math.Max(0, step - 1)), watch.Elapsed.TotalSeconds);
            var score = stopping.Score(valLoss, metrics.F1Macro);
            var isBest = EarlyStopping.IsBest(score, state);
            if (isBest)
            {
                state = state with { BestEpoch = epoch, BestScore = score, Best = result };
                Best = result;
                var indices = _validationOrder.SelectMany(a => a).ToArray();
                _validationOrder.Clear();
                var best = new BestEpochContext(session.Model, session.Dataset, session.Split, result, indices, probabilities, truth, session.InputSize, session.Preprocess);
                foreach (var observer in observers)
                {
                    observer.BestEpoch(best);
                }
            }

            var stop = stopping.ShouldStop(epoch, state);
            state = state with { Epoch = epoch, Step = step, Finished = stop };
            foreach (var observer in observers)
            {
                observer.EpochCompleted(result, state);
            }

            _observer.EpochDone(result, isBest);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: train_loss {trainLoss:F4} val_loss {valLoss:F4} accuracy {metrics.Accuracy:F4} f1_macro {metrics.F1Macro:F4} lr {result.Lr:G3} {result.Seconds:F1}s{(isBest ? " (best)" : "")}"));
            if (trainLoader.Failures.Count + valLoader.Failures.Count > 0 && epoch == state.Epoch && epoch == 1)
            {
                Log($"{trainLoader.Failures.Count + valLoader.Failures.Count} unreadable images skipped");
            }

            if (stop)
            {
                Log(epoch >= o.EpochsMax ? "maximum epochs reached" : $"early stop: no improvement for {o.Patience} epochs");
                break;
            }

            if (StopAfterEpoch == epoch)
            {
                Log($"stopped after epoch {epoch} (test hook)");
                return false;
            }
        }

        foreach (var (path, reason) in trainLoader.Failures.Concat(valLoader.Failures))
        {
            Log($"skipped unreadable image {path}: {reason}");
        }

        Log($"unreadable images skipped: {trainLoader.Failures.Count + valLoader.Failures.Count}");
        Log($"best epoch {state.BestEpoch}: model in {Path.Combine(_out, RunFolder.Weights)}");
        var finished = new TrainingFinishedContext(_out, state, session.Dataset, session.Split);
        foreach (var observer in observers)
        {
            observer.TrainingFinished(finished);
        }

        return true;
    }

    private (double Loss, long Step) TrainEpoch(TrainingSession session, long step, int epoch, CancellationToken cancellationToken)
    {
        var (model, optimizer, loader, schedule, dtype) = (session.Model, session.Optimizer, session.TrainLoader, session.Schedule, session.Dtype);
        model.train();
        var reader = loader.Start(_options.Seed, epoch, shuffle: true, _options.Augment, cancellationToken);
        double lossSum = 0;
        long seen = 0;
        var watch = Stopwatch.StartNew();
        using var weights = session.ClassWeights?.to(dtype);
        while (reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var batch))
            {
                try
                {
                    if (batch.Count == 0)
                    {
                        continue;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    var lr = schedule.At(step);
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate = lr;
                    }

                    using var scope = NewDisposeScope();
                    var x = batch.ToInput(_options.Channels, dtype, _options.ChannelsLast);
                    var y = batch.LabelTensor();
                    var value = TrainingStep.Run(model, optimizer, x, y, weights, _options.LabelSmoothing);
                    step++;
                    lossSum += value * batch.Count;
                    seen += batch.Count;
                    _observer.BatchDone(epoch, batch.Number + 1, loader.BatchCount, value, seen / Math.Max(1e-9, watch.Elapsed.TotalSeconds));
                }
                finally
                {
                    loader.Return(batch);
                }
            }
        }

        return (seen == 0 ? double.NaN : lossSum / seen, step);
    }

    private (double Loss, float[][] Probabilities, int[] Truth) Validate(ClassifierModule model, BatchLoader loader, int epoch, ScalarType dtype)
    {
        model.eval();
        var augment = _options.Augment.AugmentValidation ? _options.Augment : AugmentOptions.None;
        var reader = loader.Start(_options.Seed, epoch, shuffle: false, augment, CancellationToken.None);
        var probabilities = new List<float[]>();
        var truth = new List<int>();
        _validationOrder.Clear();
        double lossSum = 0;
        using var noGrad = no_grad();
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var batch))
            {
                try
                {
                    if (batch.Count == 0)
                    {
                        continue;
                    }

                    using var scope = NewDisposeScope();
                    var x = batch.ToInput(_options.Channels, dtype, _options.ChannelsLast);
                    var y = batch.LabelTensor();
                    var logits = model.forward(x).to(ScalarType.Float32);
                    lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                    var p = nn.functional.softmax(logits, 1).data<float>().ToArray();
                    var classes = (int)logits.shape[1];
                    for (var i = 0; i < batch.Count; i++)
                    {
                        probabilities.Add(p.AsSpan(i * classes, classes).ToArray());
                        truth.Add((int)batch.Labels[i]);
                    }

                    _validationOrder.Add(batch.Indices.AsSpan(0, batch.Count).ToArray());
                }
                finally
                {
                    loader.Return(batch);
                }
            }
        }

        return (truth.Count == 0 ? double.NaN : lossSum / truth.Count, [.. probabilities], [.. truth]);
    }

    private readonly List<int[]> _validationOrder = [];

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private void Log(string message)
    {
        _log?.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {message}");
        _observer.Log(message);
    }
}
