using Ifcb.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ifcb.Training.Tests.Models;

/// <summary>One contract, every registered architecture: shapes, gradients, persistence, head reset.</summary>
public sealed class ModelContractTests
{
    private const int Classes = 3;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var a in ModelRegistry.Architectures)
        {
            data.Add(a.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardGivesFiniteLogitsAndFeatures(string name)
    {
        // Given a small model and a batch of two images at the minimum size
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, Classes);
        model.eval();
        var size = model.Architecture.MinInputSize;
        var x = TinyInput(3, size);

        // When it runs forward
        using var noGrad = no_grad();
        var logits = model.forward(x);
        var features = model.Features(x);

        // Then the logits are [2, classes], the features [2, F], and all finite
        Assert.Equal(new long[] { 2, Classes }, logits.shape);
        Assert.Equal(new long[] { 2, model.FeatureCount }, features.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        Assert.True(features.isfinite().all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardReachesEveryParameter(string name)
    {
        // Given a model in training mode on a single-channel batch
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, Classes, inputChannels: 1);
        model.train();
        var x = TinyInput(1, model.Architecture.MinInputSize);
        var target = tensor(new long[] { 0, 2 });

        // When the (aux-weighted) loss is back-propagated
        var (logits, aux) = model.ForwardTrain(x);
        var loss = nn.functional.cross_entropy(logits, target);
        if (aux is not null)
        {
            loss = loss + 0.4 * nn.functional.cross_entropy(aux, target);
        }

        loss.backward();

        // Then every parameter has a gradient, and the aux head exists exactly where the registry says
        Assert.Equal(model.Architecture.HasAuxLogits, aux is not null);
        var missing = model.named_parameters()
            .Where(p => p.parameter.grad is null)
            .Select(p => p.name)
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveAndLoadRoundTripsExactly(string name)
    {
        // Given a trained-looking model (random weights, updated BN statistics) and a fresh one
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("ifcb-models-");
        try
        {
            var size = ModelRegistry.Get(name).MinInputSize;
            var source = ModelRegistry.Create(name, Classes);
            source.train();
            using (no_grad())
            {
                source.forward(TinyInput(3, size));
            }

            source.eval();
            var path = Path.Combine(dir.FullName, "model.bin");

            // When the source is saved and loaded into the fresh model
            source.save(path);
            var target = ModelRegistry.Create(name, Classes);
            target.load(path);
            target.eval();

            // Then every tensor in the state and the outputs are identical
            var a = source.state_dict();
            var b = target.state_dict();
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (key, value) in a)
            {
                Assert.True(value.allclose(b[key], rtol: 0, atol: 0), $"{key} differs after load");
            }

            using var noGrad = no_grad();
            var x = TinyInput(3, size);
            Assert.True(source.forward(x).allclose(target.forward(x), rtol: 0, atol: 0));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ResetHeadChangesTheClassCount(string name)
    {
        // Given a model for three classes
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, Classes);
        var keys = model.state_dict().Keys.Order().ToList();

        // When its head is reset to seven classes
        model.ResetHead(7);
        model.eval();
        using var noGrad = no_grad();
        var logits = model.forward(TinyInput(3, model.Architecture.MinInputSize));

        // Then it produces seven logits and keeps the same parameter names
        Assert.Equal(7, model.NumClasses);
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.Equal(keys, model.state_dict().Keys.Order().ToList());
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        // Given a name that is not registered
        // When it is looked up
        var error = Assert.Throws<ArgumentException>(() => ModelRegistry.Get("resnet19"));

        // Then the message names the registered architectures
        Assert.Contains("resnet18", error.Message, StringComparison.Ordinal);
    }

    internal static Tensor TinyInput(int channels, int size, int batch = 2)
    {
        using var generator = new Generator(1234);
        return randn([batch, channels, size, size], generator: generator);
    }
}
