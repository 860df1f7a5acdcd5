using Ifcb.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>
/// One optimisation step: forward (with inception's auxiliary head in training), cross-entropy (+ 0.4 x the auxiliary
/// loss), backward, optimiser step. The trainer, the training benchmark and the dispose-scope leak test all call this,
/// so what is measured and what is checked for leaks is what trains. The caller owns the dispose scope.
/// </summary>
public static class TrainingStep
{
    /// <summary>Auxiliary-loss weight (torchvision's inception recipe).</summary>
    public const double AuxiliaryWeight = 0.4;

    /// <summary>Runs the step on input <paramref name="x"/> and labels <paramref name="y"/>; returns the loss as float32.</summary>
    public static float Run(ClassifierModule model, optim.Optimizer optimizer, Tensor x, Tensor y, Tensor? classWeights = null, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.zero_grad();
        var (logits, aux) = model.ForwardTrain(x);
        var loss = nn.functional.cross_entropy(logits, y, classWeights, label_smoothing: labelSmoothing);
        if (aux is not null)
        {
            loss = loss + (AuxiliaryWeight * nn.functional.cross_entropy(aux, y, classWeights, label_smoothing: labelSmoothing));
        }

        loss.backward();
        optimizer.step();
        return loss.to(ScalarType.Float32).item<float>();
    }
}
