using TorchSharp;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>An image classifier: <c>forward(x)</c> maps [N, C, H, W] images to logits [N, classes].</summary>
public abstract class ClassifierModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the base; derived constructors build and register the layers.</summary>
    protected ClassifierModule(string name, int numClasses, int inputChannels)
        : base(name)
    {
        ValidateClassCount(numClasses);
        if (inputChannels is not (1 or 3))
        {
            throw new ArgumentException($"inputChannels must be 1 or 3, got {inputChannels}.", nameof(inputChannels));
        }

        NumClasses = numClasses;
        InputChannels = inputChannels;
    }

    /// <summary>The registry entry this model was built from.</summary>
    public abstract ArchitectureInfo Architecture { get; }

    /// <summary>Number of output classes (columns of the logits).</summary>
    public int NumClasses { get; private set; }

    /// <summary>Number of input image channels (1 or 3).</summary>
    public int InputChannels { get; }

    /// <summary>Width of the penultimate feature vector returned by <see cref="Features"/>.</summary>
    public abstract int FeatureCount { get; }

    /// <summary>Logits [N, classes] for images [N, C, H, W].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var ops = TorchOps.Instance;
        return ApplyHead(ops, ApplyFeatures(ops, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Training forward pass: logits and, for architectures with an auxiliary head in training mode, aux logits.</summary>
    public virtual (Tensor Logits, Tensor? Aux) ForwardTrain(Tensor x) => (forward(x), null);

    /// <summary>Penultimate features [N, F] (after global pooling, before the classifier head): embeddings.</summary>
    public Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ApplyFeatures(TorchOps.Instance, x).MoveToOuterDisposeScope();
    }

    /// <summary>Replaces the classifier head(s) with freshly initialised ones for <paramref name="numClasses"/> classes.</summary>
    public void ResetHead(int numClasses)
    {
        ValidateClassCount(numClasses);
        ReplaceHead(numClasses);
        NumClasses = numClasses;
    }

    /// <summary>
    /// State-dict key prefixes of the classifier head(s) (e.g. <c>fc.</c>): weights under them whose shape does not fit
    /// (another class count) are skipped when pretrained weights are loaded.
    /// </summary>
    internal abstract IReadOnlyList<string> HeadPrefixes { get; }

    /// <summary>The network up to the penultimate features [N, F], written once for libtorch and for ONNX export.</summary>
    internal abstract T ApplyFeatures<T>(ITensorOps<T> ops, T x);

    /// <summary>The classifier head: features [N, F] to logits [N, classes].</summary>
    internal abstract T ApplyHead<T>(ITensorOps<T> ops, T features);

    /// <summary>Builds and registers the new head(s); the old ones are disposed.</summary>
    protected abstract void ReplaceHead(int numClasses);

    private static void ValidateClassCount(int numClasses)
    {
        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "A classifier needs at least one class.");
        }
    }
}
