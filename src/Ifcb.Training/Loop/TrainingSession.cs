using System.Globalization;
using Ifcb.Data.IO;
using Ifcb.Datasets;
using Ifcb.Imaging;
using Ifcb.Models;
using Ifcb.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>
/// The set-up of a run, before its first epoch: the resolved arguments written, the data set built and split, the
/// model created (initialised, or restored from the checkpoint when resuming), the optimiser, the loaders, the
/// learning-rate schedule and the class weights. Owns the native resources it creates.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly TrainOptions _options;
    private readonly Action<string> _log;

    /// <summary>Prepares the run in <paramref name="runFolder"/>; <paramref name="log"/> receives the log lines.</summary>
    public TrainingSession(TrainOptions options, string runFolder, bool resume, string checkpointDir, Action<string> log)
    {
        _options = options;
        _log = log;
        var o = options;
        var arch = ModelRegistry.Get(o.Model);
        InputSize = o.InputSize ?? arch.DefaultInputSize;
        if (InputSize < arch.MinInputSize)
        {
            throw new ArgumentException($"--input-size {InputSize} is below {arch.Name}'s minimum of {arch.MinInputSize}");
        }

        Preprocess = o.Preprocess(InputSize);
        Preprocess.Validate();
        log(resume ? $"resuming {runFolder}" : $"training {arch.Name} @ {InputSize}px into {runFolder}");
        if (!resume)
        {
            TrainArgsJson.Write(Path.Combine(runFolder, RunFolder.Args), o with { InputSize = InputSize });
        }

        // Data.
        var classConfig = o.ClassConfigPath is { } cc ? ClassConfig.Load(cc, o.ClassConfigColumn ?? "") : null;
        var datasetOptions = new DatasetOptions { ClassConfig = classConfig, ClassMin = o.ClassMin, ClassMax = o.ClassMax, Seed = o.Seed };
        Dataset = o.Labels.Count > 0
            ? DatasetBuilder.BuildFromBins(o.Labels, o.Data, datasetOptions)
            : DatasetBuilder.Build(o.Data, datasetOptions);
        foreach (var note in Dataset.Notes)
        {
            log(note);
        }

        if (Dataset.ClassLabels.Count < 2)
        {
            throw new Ifcb.Data.IfcbDataException(string.Join(", ", o.Data), $"need at least 2 classes with >= {o.ClassMin} images; found {Dataset.ClassLabels.Count}");
        }

        var splitSource = resume ? runFolder : o.SplitFrom;
        if (splitSource is not null)
        {
            Split = Split.FromRunFolder(splitSource, Dataset, out var missing);
            log($"split read from {splitSource}" + (missing > 0 ? $" ({missing} listed images no longer in the data)" : ""));
        }
        else
        {
            Split = Split.Create(Dataset, o.TrainFraction, o.Seed, o.GroupSplit);
        }

        if (!resume)
        {
            Split.Write(runFolder);
        }

        ClassCount = Dataset.CountsPerClass().Length;
        log($"{Dataset.ClassLabels.Count} classes, {Dataset.Images.Count} images: {Split.Training.Count} training, {Split.Validation.Count} validation");
        if (Split.Training.Count == 0 || Split.Validation.Count == 0)
        {
            throw new Ifcb.Data.IfcbDataException(string.Join(", ", o.Data), "the split left no training or no validation images");
        }

        // Model.
        random.manual_seed(Seeds.Mix(o.Seed, 0, 3));
        Model = ModelRegistry.Create(arch.Name, Dataset.ClassLabels.Count, o.Channels);
        try
        {
            if (!resume)
            {
                InitialiseWeights(Model, Dataset.ClassLabels.Count);
            }

            Dtype = o.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;
            if (o.Bf16)
            {
                Model.to(Dtype);
                if (CpuFeatures.HasNativeBf16() == false)
                {
                    log("warning: this CPU has no AVX512-BF16 or AMX, so bf16 is emulated and training is many times slower " +
                        "than float32 (resnet18: ~15x measured); drop --bf16 here");
                }
            }

            var parameters = Model.parameters().ToList();
            Optimizer = CreateOptimizer(parameters);
            Reader = new LabelledImageReader();
            TrainLoader = new BatchLoader(Split.Training, Reader, Dataset.ClassIndex, Preprocess, o.Batch, o.Workers);
            ValidationLoader = new BatchLoader(Split.Validation, Reader, Dataset.ClassIndex, Preprocess, o.Batch, o.Workers);
            Schedule = new LearningRateSchedule(o.Schedule, o.Lr, (long)o.EpochsMax * TrainLoader.BatchCount, (long)o.Warmup * TrainLoader.BatchCount);
            ClassWeights = CreateClassWeights(Split.Training, Dataset, ClassCount);

            State = new TrainingState();
            if (resume)
            {
                State = TrainingState.Read(Path.Combine(checkpointDir, RunFolder.CheckpointState));
                if (State.Finished)
                {
                    log("the run had already finished; nothing to resume");
                    AlreadyFinished = true;
                    return;
                }

                if (State.Epoch > 0)
                {
                    Checkpoint.Load(checkpointDir, Model, Optimizer, State);
                }

                Checkpoint.TrimEpochs(Path.Combine(runFolder, RunFolder.Epochs), State.Epoch);

                log($"continuing after epoch {State.Epoch} (best epoch {State.BestEpoch})");
            }
            else
            {
                AtomicFile.WriteAllText(Path.Combine(runFolder, RunFolder.Epochs), EpochResult.CsvHeader + "\n");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The model's input size in pixels.</summary>
    public int InputSize { get; }

    /// <summary>The preprocessing (shared with inference).</summary>
    public PreprocessOptions Preprocess { get; }

    /// <summary>The data set.</summary>
    public Dataset Dataset { get; }

    /// <summary>The split.</summary>
    public Split Split { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The model.</summary>
    public ClassifierModule Model { get; }

    /// <summary>Float32, or BFloat16 with <c>--bf16</c>.</summary>
    public ScalarType Dtype { get; }

    /// <summary>The optimiser.</summary>
    public OptimizerHelper Optimizer { get; } = null!;

    /// <summary>Reads images and bin ROIs for both loaders.</summary>
    public LabelledImageReader Reader { get; } = null!;

    /// <summary>Training batches.</summary>
    public BatchLoader TrainLoader { get; } = null!;

    /// <summary>Validation batches.</summary>
    public BatchLoader ValidationLoader { get; } = null!;

    /// <summary>The learning rate per step.</summary>
    public LearningRateSchedule Schedule { get; } = null!;

    /// <summary>Per-class loss weights, or null.</summary>
    public Tensor? ClassWeights { get; }

    /// <summary>Where the run starts (a fresh state, or the checkpoint's).</summary>
    public TrainingState State { get; } = new();

    /// <summary>True when resuming a run that had already finished: nothing to train.</summary>
    public bool AlreadyFinished { get; }

    /// <summary>Releases the native resources, last created first.</summary>
    public void Dispose()
    {
        ClassWeights?.Dispose();
        Reader?.Dispose();
        Optimizer?.Dispose();
        Model.Dispose();
    }

    private void InitialiseWeights(ClassifierModule model, int classes)
    {
        if (_options.Pretrained is { } pretrained)
        {
            _log($"pretrained weights from {pretrained}: {LoadWeights(model, pretrained)}");
        }
        else if (_options.InitFrom is { } from)
        {
            var card = ModelCardJson.Read(from);
            if (!string.Equals(card.Architecture, model.Architecture.Name, StringComparison.OrdinalIgnoreCase) || card.InputChannels != model.InputChannels)
            {
                throw new ArgumentException($"--init-from {from} is a {card.Architecture} with {card.InputChannels} channels; this run trains {model.Architecture.Name} with {model.InputChannels}");
            }

            var folder = Directory.Exists(from) ? from : Path.GetDirectoryName(Path.GetFullPath(from)) ?? ".";
            _log($"initialised from {from}: {LoadWeights(model, Path.Combine(folder, card.WeightsFile))}");
            if (card.ClassLabels.Count != classes)
            {
                _log($"head replaced: {card.ClassLabels.Count} -> {classes} classes");
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

    private Tensor? CreateClassWeights(IReadOnlyList<LabelledImage> training, Dataset dataset, int classes)
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
        _log("class weights: " + string.Join(", ", dataset.ClassLabels.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{l} {weights[i]:G4}"))));
        return tensor(weights);
    }
}
