using Ifcb.Data;
using Ifcb.Training.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ifcb.Training.Tests.Models;

/// <summary>Real torchvision state dicts load key for key, compute the same logits, and go back to Python strict.</summary>
[Trait("Category", "Reference")]
public sealed class PretrainedWeightsTests(TorchvisionReference reference, ITestOutputHelper output) : IClassFixture<TorchvisionReference>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Names() => ModelContractTests.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void TorchvisionStateDictLoadsAndComputesTheSameLogits(string name)
    {
        // Given a torchvision state dict, its input and Python's logits
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, TorchvisionReference.Classes);

        // When it is loaded and run in eval mode
        var report = PretrainedWeights.Load(model, Path.Combine(reference.Folder, name + ".pth"));
        model.eval();
        var logits = Run(model, name);

        // Then every tensor was taken, nothing skipped, and the logits match Python's
        Assert.Empty(report.SkippedHeadKeys);
        Assert.Equal(model.state_dict().Count, report.LoadedKeys.Count);
        var expected = TorchvisionReference.ReadFloats(Path.Combine(reference.Folder, name + ".logits.bin"));
        AssertClose(expected, logits, $"{name} torchvision -> TorchSharp");
    }

    [Fact]
    public void NestedDataParallelCheckpointLoads()
    {
        // Given a checkpoint {"epoch", "state_dict"} whose keys carry nn.DataParallel's "module." prefix
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create("resnet18", TorchvisionReference.Classes);

        // When it is loaded
        var report = PretrainedWeights.Load(model, Path.Combine(reference.Folder, "resnet18.checkpoint.pth"));
        model.eval();

        // Then it computes the logits of the plain state dict
        Assert.Equal(model.state_dict().Count, report.LoadedKeys.Count);
        var expected = TorchvisionReference.ReadFloats(Path.Combine(reference.Folder, "resnet18.logits.bin"));
        AssertClose(expected, Run(model, "resnet18"), "resnet18 nested checkpoint");
    }

    [Fact]
    public void UnreadableFileIsReportedWithItsPath()
    {
        // Given a file that is not a state dict
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("ifcb-badweights-");
        try
        {
            var path = Path.Combine(dir.FullName, "weights.pth");
            File.WriteAllBytes(path, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
            var model = ModelRegistry.Create("resnet18", 3);

            // When it is loaded, then the error names the file
            var error = Assert.Throws<IfcbDataException>(() => PretrainedWeights.Load(model, path));
            Assert.Equal(path, error.FilePath);
            Assert.Contains("state dict", error.Reason, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void SavePyOutputLoadsIntoTorchvisionStrict()
    {
        // Given every architecture loaded from torchvision weights and saved with PyBridge's save_py
        using var scope = NewDisposeScope();
        var names = ModelRegistry.Architectures.Select(a => a.Name).ToList();
        var dir = Directory.CreateTempSubdirectory("ifcb-savepy-");
        try
        {
            var ours = new Dictionary<string, float[]>();
            foreach (var name in names)
            {
                var model = ModelRegistry.Create(name, TorchvisionReference.Classes);
                PretrainedWeights.Load(model, Path.Combine(reference.Folder, name + ".pth"));
                model.eval();
                ours[name] = Run(model, name);
                model.save_py(Path.Combine(dir.FullName, name + ".py.pth"));
                File.Copy(Path.Combine(reference.Folder, name + ".input.bin"), Path.Combine(dir.FullName, name + ".input.bin"));
                model.Dispose();
            }

            // When torchvision loads them with strict=True and runs them
            TorchvisionReference.Run("check", dir.FullName, names);

            // Then Python computes the logits TorchSharp computed
            foreach (var name in names)
            {
                AssertClose(ours[name], TorchvisionReference.ReadFloats(Path.Combine(dir.FullName, name + ".pylogits.bin")), $"{name} TorchSharp -> torchvision");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void InceptionAuxLogitsMatchTorchvisionInTrainingMode()
    {
        // Given torchvision's inception_v3 weights and its training-mode aux logits at 299 px (batch statistics)
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("ifcb-aux-");
        try
        {
            const int size = 299;
            TorchvisionReference.RunScript("aux", dir.FullName, ["5", "299"]);
            var model = ModelRegistry.Create("inception_v3", 5);
            PretrainedWeights.Load(model, Path.Combine(dir.FullName, "inception_aux.pth"));
            model.train();
            var input = TorchvisionReference.ReadFloats(Path.Combine(dir.FullName, "inception_aux.input.bin"));

            // When TorchSharp runs the training forward pass
            using var noGrad = no_grad();
            var (_, aux) = model.ForwardTrain(tensor(input, [2, 3, size, size]));

            // Then its aux logits are torchvision's
            Assert.NotNull(aux);
            var expected = TorchvisionReference.ReadFloats(Path.Combine(dir.FullName, "inception_aux.aux.bin"));
            AssertClose(expected, aux.data<float>().ToArray(), "inception_v3 aux logits (train, 299 px)");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("inception_v3")]
    public void HeadOfAnotherClassCountIsSkippedAndReported(string name)
    {
        // Given torchvision weights for five classes and a model for three
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, 3);

        // When they are loaded
        var report = PretrainedWeights.Load(model, Path.Combine(reference.Folder, name + ".pth"));

        // Then only the head weights are skipped, and the report says so
        Assert.NotEmpty(report.SkippedHeadKeys);
        Assert.All(report.SkippedHeadKeys, k => Assert.Contains(".", k, StringComparison.Ordinal));
        Assert.All(report.SkippedHeadKeys, k => Assert.True(k.StartsWith("fc.", StringComparison.Ordinal) || k.StartsWith("AuxLogits.fc.", StringComparison.Ordinal), k));
        Assert.Equal(model.state_dict().Count, report.LoadedKeys.Count + report.SkippedHeadKeys.Count);
        Assert.Contains("class count differs", report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("mobilenet_v3_small")]
    public void GrayModelSeesWhatTheRgbModelSeesOfAGrayImage(string name)
    {
        // Given RGB torchvision weights loaded into a one-channel and a three-channel model
        using var scope = NewDisposeScope();
        var path = Path.Combine(reference.Folder, name + ".pth");
        var gray = ModelRegistry.Create(name, TorchvisionReference.Classes, inputChannels: 1);
        var rgb = ModelRegistry.Create(name, TorchvisionReference.Classes);
        var report = PretrainedWeights.Load(gray, path);
        PretrainedWeights.Load(rgb, path);
        gray.eval();
        rgb.eval();

        // When a gray image goes to the gray model and the same image copied to RGB to the RGB model
        var size = TorchvisionReference.InputSize(name);
        var image = ModelContractTests.TinyInput(1, size);
        using var noGrad = no_grad();
        var a = gray.forward(image);
        var b = rgb.forward(image.expand(2, 3, size, size));

        // Then the first convolution was summed over RGB and the logits agree
        Assert.Single(report.ChannelSummedKeys);
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreRejectedNamingTheKeys()
    {
        // Given resnet18 weights and a resnet34 model
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create("resnet34", TorchvisionReference.Classes);
        var path = Path.Combine(reference.Folder, "resnet18.pth");

        // When they are loaded
        var error = Assert.Throws<IfcbDataException>(() => PretrainedWeights.Load(model, path));

        // Then the error names the file and a missing key
        Assert.Equal(path, error.FilePath);
        Assert.Contains("layer1.2.conv1.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafetensorsRoundTrip()
    {
        // Given torchvision weights written again as safetensors
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("ifcb-safetensors-");
        try
        {
            var source = ModelRegistry.Create("mobilenet_v3_small", TorchvisionReference.Classes);
            PretrainedWeights.Load(source, Path.Combine(reference.Folder, "mobilenet_v3_small.pth"));
            var path = Path.Combine(dir.FullName, "weights.safetensors");
            source.save_safetensors(path);

            // When they are loaded into a fresh model
            var target = ModelRegistry.Create("mobilenet_v3_small", TorchvisionReference.Classes);
            PretrainedWeights.Load(target, path);

            // Then both models hold the same tensors
            var expected = source.state_dict();
            foreach (var (key, value) in target.state_dict())
            {
                Assert.True(value.allclose(expected[key], rtol: 0, atol: 0), key);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private float[] Run(ClassifierModule model, string name)
    {
        var size = TorchvisionReference.InputSize(name);
        var input = TorchvisionReference.ReadFloats(Path.Combine(reference.Folder, name + ".input.bin"));
        using var noGrad = no_grad();
        using var x = tensor(input, [2, 3, size, size]);
        using var logits = model.forward(x);
        return logits.data<float>().ToArray();
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        // Random BN statistics in deep nets give logits far above 1: the tolerance is relative to their scale.
        var scale = Math.Max(1, expected.Max(Math.Abs));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{what}: max abs diff {worst:g3} (largest |logit| {expected.Max(Math.Abs):g3})");
        Assert.True(worst <= Tolerance * scale, $"{what}: max abs diff {worst} at logit scale {scale}");
    }
}
