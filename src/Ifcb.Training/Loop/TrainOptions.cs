using Ifcb.Datasets;
using Ifcb.Imaging;

namespace Ifcb.Training.Loop;

/// <summary>Optimiser choice.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (WHOI's choice).</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>SGD with Nesterov momentum 0.9.</summary>
    Sgd,
}

/// <summary>Learning-rate schedule over the run (after warm-up).</summary>
public enum ScheduleKind
{
    /// <summary>Constant (WHOI).</summary>
    Constant,

    /// <summary>Cosine decay to zero over the maximum epochs.</summary>
    Cosine,

    /// <summary>One-cycle: warm up to the peak, then cosine down.</summary>
    OneCycle,
}

/// <summary>Class weighting in the loss.</summary>
public enum ClassWeighting
{
    /// <summary>Plain cross-entropy (WHOI).</summary>
    None,

    /// <summary>Weights proportional to 1 / class frequency.</summary>
    Inverse,

    /// <summary>Weights proportional to 1 / sqrt(class frequency).</summary>
    Sqrt,
}

/// <summary>What early stopping and the best epoch are judged by.</summary>
public enum EarlyStopMetric
{
    /// <summary>Lowest validation loss (WHOI).</summary>
    Loss,

    /// <summary>Highest validation macro F1.</summary>
    F1,
}

/// <summary>Every setting of a training run; serialised as <c>args.json</c> in the run folder.</summary>
public sealed record TrainOptions
{
    /// <summary>Data inputs: folders of class folders and dataset-config files or, with <see cref="Labels"/>, folders of bins and bin paths.</summary>
    public IReadOnlyList<string> Data { get; init; } = [];

    /// <summary>
    /// Label sources for ROIs inside the bins named by <see cref="Data"/>: <c>pid,class</c> CSV files, ifcb-analysis
    /// <c>{bin id}.mat</c> annotation files or folders of them. Empty: <see cref="Data"/> holds class folders.
    /// </summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Registry name of the architecture.</summary>
    public string Model { get; init; } = "inception_v3";

    /// <summary>Run folder.</summary>
    public string Out { get; init; } = "";

    /// <summary>Square input side; null = the architecture's default.</summary>
    public int? InputSize { get; init; }

    /// <summary>Input channels (3 or 1).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Resize mode.</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Stretch;

    /// <summary>Normalisation mean (1 or per channel).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0f];

    /// <summary>Normalisation std (1 or per channel).</summary>
    public IReadOnlyList<float> Std { get; init; } = [1f];

    /// <summary>Maximum epochs (WHOI 60).</summary>
    public int EpochsMax { get; init; } = 60;

    /// <summary>Minimum epochs before early stopping may act (WHOI 10).</summary>
    public int EpochsMin { get; init; } = 10;

    /// <summary>Epochs without improvement that stop the run (WHOI 10).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Batch size.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>Weight decay (AdamW / SGD).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Run seed: split, shuffles, augmentation and weight initialisation derive from it.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Training share of each class (0.8 = 80:20).</summary>
    public double TrainFraction { get; init; } = 0.8;

    /// <summary>Class-config CSV and column, or null.</summary>
    public string? ClassConfigPath { get; init; }

    /// <summary>Class-config column.</summary>
    public string? ClassConfigColumn { get; init; }

    /// <summary>Minimum images per class.</summary>
    public int ClassMin { get; init; } = 2;

    /// <summary>Maximum images per class (seeded subsample), or null.</summary>
    public int? ClassMax { get; init; }

    /// <summary>Augmentation.</summary>
    public AugmentOptions Augment { get; init; } = AugmentOptions.None;

    /// <summary>PyTorch state dict to start from (head replaced), or null.</summary>
    public string? Pretrained { get; init; }

    /// <summary>One of our model folders (card + weights) to fine-tune from, or null.</summary>
    public string? InitFrom { get; init; }

    /// <summary>Optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Linear warm-up epochs.</summary>
    public int Warmup { get; init; }

    /// <summary>Class weights in the loss.</summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;

    /// <summary>Label smoothing in [0, 1).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Early-stopping metric.</summary>
    public EarlyStopMetric EarlyStop { get; init; } = EarlyStopMetric.Loss;

    /// <summary>Run convolutions on channels-last tensors (faster on CPU).</summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>Train in bfloat16 (weights and activations).</summary>
    public bool Bf16 { get; init; }

    /// <summary>Loader threads; 0 = processor count.</summary>
    public int Workers { get; init; }

    /// <summary>Group split mode.</summary>
    public GroupSplit GroupSplit { get; init; } = GroupSplit.None;

    /// <summary>Run folder whose split lists are reused, or null.</summary>
    public string? SplitFrom { get; init; }

    /// <summary>The command line as given (provenance).</summary>
    public IReadOnlyList<string> CommandLine { get; init; } = [];

    /// <summary>The preprocessing this run uses for <paramref name="inputSize"/>.</summary>
    public PreprocessOptions Preprocess(int inputSize) => new()
    {
        InputSize = inputSize,
        Channels = Channels,
        Resize = Resize,
        Mean = Mean,
        Std = Std,
    };
}
