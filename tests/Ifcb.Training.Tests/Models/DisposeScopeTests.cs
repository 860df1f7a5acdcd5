using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ifcb.Training.Tests.Models;

/// <summary>A training step inside one dispose scope leaves no live tensors behind (native memory discipline).</summary>
public sealed class DisposeScopeTests
{
    [Theory]
    [InlineData("mobilenet_v3_small")]
    [InlineData("efficientnet_b0")]
    [InlineData("inception_v3")]
    public void TrainingStepLeaksNoTensors(string name)
    {
        // Given a model, an optimiser, a batch, and one warm-up step (which creates the optimiser state)
        using var model = ModelRegistry.Create(name, 3, inputChannels: 1);
        model.train();
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var x = ModelContractTests.TinyInput(1, model.Architecture.MinInputSize);
        using var y = tensor(new long[] { 0, 2 });
        Step(model, optimizer, x, y);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // When another step runs in its own dispose scope
        var loss = Step(model, optimizer, x, y);

        // Then it computed a finite loss and no tensor created during the step is still alive
        Assert.True(float.IsFinite(loss));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static float Step(ClassifierModule model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        // The trainer's own step, so the leak check covers exactly what trains.
        using var scope = NewDisposeScope();
        return TrainingStep.Run(model, optimizer, x, y);
    }
}
