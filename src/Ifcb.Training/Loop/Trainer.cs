using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ifcb.Data.IO;
using Ifcb.Imaging;
using Ifcb.Models;
using Ifcb.Training.Data;
using Ifcb.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>
/// Trains a registry model on a split dataset and keeps a resumable run folder: WHOI's recipe (Adam 1e-3,
/// cross-entropy, early stopping on validation loss, best epoch kept) plus class weights, label smoothing,
/// schedules, channels-last and bf16.
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
        var arch = ModelRegistry.Get(o.Model);
        var inputSize = o.InputSize ?? arch.DefaultInputSize;
        if (inputSize < arch.MinInputSize)
        {
            throw new ArgumentException($"--input-size {inputSize} is below {arch.Name}'s minimum of {arch.MinInputSize}");
        }

        var preprocess = o.Preprocess(inputSize);
        preprocess.Validate();
        if (resume && !File.Exists(Path.Combine(checkpointDir, RunFolder.CheckpointState)))
        {
            // Killed before its first checkpoint (its split may be half written): start over in the same folder.
            // Every random choice is seeded, so this still gives the uninterrupted run's result.
            Log($"no checkpoint in {_out} yet: starting it over");
            resume = false;
        }

        Log(resume ? $"resuming {_out}" : $"training {arch.Name} @ {inputSize}px into {_out}");
        if (!resume)
        {
            TrainArgsJson.Write(Path.Combine(_out, RunFolder.Args), o with { InputSize = inputSize });
        }

        // Data.
        var classConfig = o.ClassConfigPath is { } cc ? ClassConfig.Load(cc, o.ClassConfigColumn ?? "") : null;
        var datasetOptions = new DatasetOptions { ClassConfig = classConfig, ClassMin = o.ClassMin, ClassMax = o.ClassMax, Seed = o.Seed };
        var dataset = o.Labels.Count > 0
            ? DatasetBuilder.BuildFromBins(o.Labels, o.Data, datasetOptions)
            : DatasetBuilder.Build(o.Data, datasetOptions);
        foreach (var note in dataset.Notes)
        {
            Log(note);
        }

        if (dataset.ClassLabels.Count < 2)
        {
            throw new Ifcb.Data.IfcbDataException(string.Join(", ", o.Data), $"need at least 2 classes with >= {o.ClassMin} images; found {dataset.ClassLabels.Count}");
        }

        Split split;
        var splitSource = resume ? _out : o.SplitFrom;
        if (splitSource is not null)
        {
            split = Split.FromRunFolder(splitSource, dataset, out var missing);
            Log($"split read from {splitSource}" + (missing > 0 ? $" ({missing} listed images no longer in the data)" : ""));
        }
        else
        {
            split = Split.Create(dataset, o.TrainFraction, o.Seed, o.GroupSplit);
        }

        if (!resume)
        {
            split.Write(_out);
        }

        var counts = dataset.CountsPerClass();
        Log($"{dataset.ClassLabels.Count} classes, {dataset.Images.Count} images: {split.Training.Count} training, {split.Validation.Count} validation");
        if (split.Training.Count == 0 || split.Validation.Count == 0)
        {
            throw new Ifcb.Data.IfcbDataException(string.Join(", ", o.Data), "the split left no training or no validation images");
        }

        // Model.
        random.manual_seed(Seeds.Mix(o.Seed, 0, 3));
        using var model = ModelRegistry.Create(arch.Name, dataset.ClassLabels.Count, o.Channels);
        if (!resume)
        {
            InitialiseWeights(model, dataset.ClassLabels.Count);
        }

        var dtype = o.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;
        if (o.Bf16)
        {
            model.to(dtype);
            if (CpuFeatures.HasNativeBf16() == false)
            {
                Log("warning: this CPU has no AVX512-BF16 or AMX, so bf16 is emulated and training is many times slower " +
                    "than float32 (resnet18: ~15x measured); drop --bf16 here");
            }
        }

        var parameters = model.parameters().ToList();
        using var optimizer = CreateOptimizer(parameters);
        using var reader = new LabelledImageReader();
        var trainLoader = new BatchLoader(split.Training, reader, dataset.ClassIndex, preprocess, o.Batch, o.Workers);
        var valLoader = new BatchLoader(split.Validation, reader, dataset.ClassIndex, preprocess, o.Batch, o.Workers);
        var schedule = new LearningRateSchedule(o.Schedule, o.Lr, (long)o.EpochsMax * trainLoader.BatchCount, (long)o.Warmup * trainLoader.BatchCount);
        using var classWeights = ClassWeights(split.Training, dataset, counts.Length);

        var state = new TrainingState();
        if (resume)
        {
            state = TrainingState.Read(Path.Combine(checkpointDir, RunFolder.CheckpointState));
            if (state.Finished)
            {
                Log("the run had already finished; nothing to resume");
                Best = state.Best;
                return true;
            }

            if (state.Epoch > 0)
            {
                Checkpoint.Load(checkpointDir, model, optimizer, state);
            }

            Checkpoint.TrimEpochs(Path.Combine(_out, RunFolder.Epochs), state.Epoch);

            Log($"continuing after epoch {state.Epoch} (best epoch {state.BestEpoch})");
        }
        else
        {
            AtomicFile.WriteAllText(Path.Combine(_out, RunFolder.Epochs), EpochResult.CsvHeader + "\n");
        }

        Best = state.Best;
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
                (trainLoss, step) = TrainEpoch(model, optimizer, trainLoader, schedule, classWeights, state.Step, epoch, dtype, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The half-done epoch is dropped: resuming repeats it from the last checkpoint, so a resumed run
                // still equals an uninterrupted one.
                Log($"cancelled during epoch {epoch}; the checkpoint of epoch {state.Epoch} is kept (resume with --resume {_out})");
                return false;
            }

            var (valLoss, probabilities, truth) = Validate(model, valLoader, epoch, dtype);
            var predicted = probabilities.Select(ArgMax).ToArray();
            var metrics = new ClassificationMetrics(truth, predicted, counts.Length);
            var result = new EpochResult(epoch, trainLoss, valLoss, metrics.Accuracy, metrics.F1Macro, metrics.F1Weighted, schedule.At(Math.Max(0, step - 1)), watch.Elapsed.TotalSeconds);
            var score = o.EarlyStop == EarlyStopMetric.Loss ? valLoss : -metrics.F1Macro;
            var isBest = score < state.BestScore;
            if (isBest)
            {
                state = state with { BestEpoch = epoch, BestScore = score, Best = result };
                Best = result;
                SaveBest(model, dataset, split, valLoader, probabilities, truth, result, inputSize, preprocess);
            }

            File.AppendAllText(Path.Combine(_out, RunFolder.Epochs), result.ToCsv() + "\n");
            var stop = epoch >= o.EpochsMax || (epoch >= o.EpochsMin && epoch - state.BestEpoch >= o.Patience);
            state = state with { Epoch = epoch, Step = step, Finished = stop };
            Checkpoint.Save(checkpointDir, model, optimizer, state);
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
        return true;
    }

    private void InitialiseWeights(ClassifierModule model, int classes)
    {
        if (_options.Pretrained is { } pretrained)
        {
            Log($"pretrained weights from {pretrained}: {LoadWeights(model, pretrained)}");
        }
        else if (_options.InitFrom is { } from)
        {
            var card = ModelCardJson.Read(from);
            if (!string.Equals(card.Architecture, model.Architecture.Name, StringComparison.OrdinalIgnoreCase) || card.InputChannels != model.InputChannels)
            {
                throw new ArgumentException($"--init-from {from} is a {card.Architecture} with {card.InputChannels} channels; this run trains {model.Architecture.Name} with {model.InputChannels}");
            }

            var folder = Directory.Exists(from) ? from : Path.GetDirectoryName(Path.GetFullPath(from)) ?? ".";
            Log($"initialised from {from}: {LoadWeights(model, Path.Combine(folder, card.WeightsFile))}");
            if (card.ClassLabels.Count != classes)
            {
                Log($"head replaced: {card.ClassLabels.Count} -> {classes} classes");
            }
        }
    }

    // PretrainedWeights copies tensors by torchvision name, skips a head that does not fit the class count and
    // sums the first convolution over RGB for one-channel models.
    private static string LoadWeights(ClassifierModule model, string path) => PretrainedWeights.Load(model, path).ToString();

    private OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => _options.Optimizer switch
    {
        OptimizerKind.AdamW => optim.AdamW(parameters, _options.Lr, weight_decay: _options.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, _options.Lr, momentum: 0.9, nesterov: true, weight_decay: _options.WeightDecay),
        _ => optim.Adam(parameters, _options.Lr),
    };

    private Tensor? ClassWeights(IReadOnlyList<LabelledImage> training, Dataset dataset, int classes)
    {
        if (_options.ClassWeights == ClassWeighting.None)
        {
            return null;
        }

        var n = new double[classes];
        foreach (var image in training)
        {
            n[dataset.ClassIndex[image.Label]]++;
        }

        // w_c proportional to n_c^-1 (or n_c^-1/2), scaled so the average weight over training images is 1.
        var power = _options.ClassWeights == ClassWeighting.Inverse ? 1.0 : 0.5;
        var w = n.Select(c => c > 0 ? Math.Pow(c, -power) : 0).ToArray();
        var scale = training.Count / n.Select((c, i) => c * w[i]).Sum();
        var weights = w.Select(v => (float)(v * scale)).ToArray();
        Log("class weights: " + string.Join(", ", dataset.ClassLabels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{l} {weights[i]:G4}"))));
        return tensor(weights);
    }

    private (double Loss, long Step) TrainEpoch(ClassifierModule model, OptimizerHelper optimizer, BatchLoader loader, LearningRateSchedule schedule,
        Tensor? classWeights, long step, int epoch, ScalarType dtype, CancellationToken cancellationToken)
    {
        model.train();
        var reader = loader.Start(_options.Seed, epoch, shuffle: true, _options.Augment, cancellationToken);
        double lossSum = 0;
        long seen = 0;
        var watch = Stopwatch.StartNew();
        using var weights = classWeights?.to(dtype);
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
                    optimizer.zero_grad();
                    var (logits, aux) = model.ForwardTrain(x);
                    var loss = nn.functional.cross_entropy(logits, y, weights, label_smoothing: _options.LabelSmoothing);
                    if (aux is not null)
                    {
                        loss = loss + (0.4 * nn.functional.cross_entropy(aux, y, weights, label_smoothing: _options.LabelSmoothing));
                    }

                    loss.backward();
                    optimizer.step();
                    step++;
                    var value = loss.to(ScalarType.Float32).item<float>();
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

    private void SaveBest(ClassifierModule model, Dataset dataset, Split split, BatchLoader valLoader, float[][] probabilities, int[] truth,
        EpochResult result, int inputSize, PreprocessOptions preprocess)
    {
        model.save_py(Path.Combine(_out, RunFolder.Weights) + ".partial");
        File.Move(Path.Combine(_out, RunFolder.Weights) + ".partial", Path.Combine(_out, RunFolder.Weights), overwrite: true);
        var indices = _validationOrder.SelectMany(a => a).ToArray();
        _validationOrder.Clear();
        var labels = dataset.ClassLabels;
        var csv = new StringBuilder();
        csv.Append("image,true_class,predicted_class");
        foreach (var label in labels)
        {
            csv.Append(',').Append(Csv(label));
        }

        csv.Append('\n');
        for (var i = 0; i < probabilities.Length; i++)
        {
            var image = split.Validation[indices[i]];
            csv.Append(Csv(image.Name)).Append(',').Append(Csv(labels[truth[i]])).Append(',').Append(Csv(labels[ArgMax(probabilities[i])]));
            foreach (var p in probabilities[i])
            {
                csv.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        AtomicFile.WriteAllText(Path.Combine(_out, RunFolder.ValidationPredictions), csv.ToString());
        var card = new ModelCard
        {
            ModelId = Path.GetFileName(_out.TrimEnd(Path.DirectorySeparatorChar)),
            Architecture = model.Architecture.Name,
            InputSize = inputSize,
            InputChannels = _options.Channels,
            Preprocessing = preprocess.ToSpec(),
            ClassLabels = [.. labels],
            WeightsFile = RunFolder.Weights,
            Training = new TrainingProvenance
            {
                GitCommit = GitCommit(),
                Arguments = [.. _options.CommandLine],
                DatasetFingerprint = dataset.Fingerprint(),
                Seed = _options.Seed,
                TrainingImages = split.Training.Count,
                ValidationImages = split.Validation.Count,
                BestEpoch = result.Epoch,
                BestMetrics = new Dictionary<string, double>
                {
                    ["val_loss"] = result.ValLoss,
                    ["accuracy"] = result.Accuracy,
                    ["f1_macro"] = result.F1Macro,
                    ["f1_weighted"] = result.F1Weighted,
                },
                Created = DateTimeOffset.UtcNow,
            },
        };
        ModelCardJson.Write(Path.Combine(_out, ModelCardJson.FileName), card);
        _ = valLoader;
    }

    private static string Csv(string s) => s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

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

    private static string? GitCommit()
    {
        // The build stamps the commit into the informational version (x.y.z+sha) when built from a checkout.
        var version = typeof(Trainer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : null;
    }

    private void Log(string message)
    {
        _log?.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {message}");
        _observer.Log(message);
    }
}
