using System.Diagnostics;
using Ifcb.Inference.Quantization;
using Ifcb.Training.Models;
using Ifcb.Training.Onnx;
using Ifcb.Training.Tests.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ifcb.Training.Tests.Onnx;

/// <summary>Every architecture exports to ONNX and ONNX Runtime reproduces TorchSharp's eval outputs.</summary>
public sealed class OnnxExporterTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;
    private const int Classes = 4;

    public static TheoryData<string> Names() => ModelContractTests.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void OnnxRuntimeMatchesTorchSharpAtTwoBatchSizes(string name)
    {
        // Given a model with random weights, batch-norm statistics and heads, exported at its minimum size
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, Classes);
        Randomise(model);
        model.eval();
        var size = model.Architecture.MinInputSize;
        var dir = Directory.CreateTempSubdirectory("ifcb-onnx-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.onnx");
            OnnxExporter.Export(model, size, path, new Dictionary<string, string>());
            using var session = new InferenceSession(path);

            foreach (var batch in new[] { 1, 3 })
            {
                // When ONNX Runtime and TorchSharp run the same batch
                var x = ModelContractTests.TinyInput(3, size, batch);
                var (logits, features) = RunOnnx(session, x);
                using var noGrad = no_grad();
                var expectedLogits = model.forward(x).data<float>().ToArray();
                var expectedFeatures = model.Features(x).data<float>().ToArray();

                // Then logits and features agree within tolerance
                AssertClose(expectedLogits, logits, $"{name} logits, batch {batch}");
                AssertClose(expectedFeatures, features, $"{name} features, batch {batch}");
                Assert.Equal(batch * Classes, logits.Length);
                Assert.Equal(batch * model.FeatureCount, features.Length);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Trait("Category", "Reference")]
    [Theory]
    [MemberData(nameof(Names))]
    public void Int8QuantizationRunsEveryConvolutionAsAnIntegerKernel(string name)
    {
        // Given an exported model with random weights and batch-norm statistics
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create(name, Classes);
        Randomise(model);
        model.eval();
        var size = model.Architecture.MinInputSize;
        var dir = Directory.CreateTempSubdirectory("ifcb-onnx-int8-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.onnx");
            OnnxExporter.Export(model, size, path, new Dictionary<string, string>());
            var convolutions = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Count(n => n.OpType == "Conv");

            // When it is quantized on a few inputs and ONNX Runtime optimises the result
            var calibration = Enumerable.Range(0, 2).Select(_ => new CalibrationBatch(ModelContractTests.TinyInput(3, size, 4).data<float>().ToArray(), 4));
            var int8 = Path.Combine(dir.FullName, "int8.onnx");
            var result = Int8Quantizer.Quantize(path, int8, calibration);
            var optimized = Path.Combine(dir.FullName, "int8.optimized.onnx");
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
            using (new InferenceSession(int8, options))
            {
            }

            // Then every convolution got int8 weights and runs as QLinearConv, none is left in float
            Assert.Equal(convolutions, result.Convolutions);
            var ops = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph.Node.Select(n => n.OpType).ToList();
            Assert.Equal(convolutions, ops.Count(o => o == "QLinearConv"));
            Assert.DoesNotContain("Conv", ops);

            // And its logits point the same way as the float model's (a wrong scale or bias would not)
            var x = ModelContractTests.TinyInput(3, size, 3);
            using var floatSession = new InferenceSession(path);
            using var int8Session = new InferenceSession(int8);
            var expected = RunOnnx(floatSession, x).Logits;
            var actual = RunOnnx(int8Session, x).Logits;
            var cosine = expected.Zip(actual, (a, b) => (double)a * b).Sum()
                / Math.Sqrt(expected.Sum(a => (double)a * a) * actual.Sum(b => (double)b * b));
            output.WriteLine($"{name}: {convolutions} convolutions, cosine(float, int8 logits) = {cosine:F4}");
            Assert.True(cosine > 0.9, $"{name}: cosine similarity of float and int8 logits {cosine:F4}");

            // And Python's onnx checker (full check, with shape inference) accepts the float export and its int8 model
            AssertOnnxCheckerAccepts(path, int8);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void GrayModelExportsOneChannelInputAndMetadata()
    {
        // Given a one-channel model and a model card
        using var scope = NewDisposeScope();
        var model = ModelRegistry.Create("resnet18", Classes, inputChannels: 1);
        model.eval();
        var dir = Directory.CreateTempSubdirectory("ifcb-onnx-");
        try
        {
            var path = Path.Combine(dir.FullName, "model.onnx");
            var card = new Dictionary<string, string> { ["ifcb.model_card"] = "{\"labels\":[\"a\",\"b\"]}" };

            // When it is exported at 64 px
            OnnxExporter.Export(model, 64, path, card);
            using var session = new InferenceSession(path);

            // Then the input is [batch, 1, 64, 64], the metadata comes back, and no temporary file is left
            var input = session.InputMetadata[OnnxExporter.InputName];
            Assert.Equal(new[] { -1, 1, 64, 64 }, input.Dimensions);
            Assert.Equal(card["ifcb.model_card"], session.ModelMetadata.CustomMetadataMap["ifcb.model_card"]);
            Assert.Equal(new[] { OnnxExporter.LogitsName, OnnxExporter.FeaturesName }, session.OutputNames);
            Assert.Single(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void InputBelowTheMinimumIsRefused()
    {
        // Given an inception model (minimum 75 px)
        using var model = ModelRegistry.Create("inception_v3", Classes);

        // When an export at 64 px is asked for, then it is refused naming the minimum
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => OnnxExporter.Export(model, 64, Path.Combine(Path.GetTempPath(), "never.onnx"), new Dictionary<string, string>()));
        Assert.Contains("75", error.Message, StringComparison.Ordinal);
    }

    // Every architecture's float export and int8 model go through the checker in the int8 theory above.
    private static void AssertOnnxCheckerAccepts(params string[] paths)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sys, onnx\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)");
        foreach (var p in paths)
        {
            info.ArgumentList.Add(p);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
    }

    private static (float[] Logits, float[] Features) RunOnnx(InferenceSession session, torch.Tensor x)
    {
        var data = x.data<float>().ToArray();
        var input = new DenseTensor<float>(data, x.shape.Select(d => (int)d).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
        var logits = results.First(r => r.Name == OnnxExporter.LogitsName).AsTensor<float>().ToArray();
        var features = results.First(r => r.Name == OnnxExporter.FeaturesName).AsTensor<float>().ToArray();
        return (logits, features);
    }

    private static void Randomise(nn.Module model)
    {
        using var generator = new Generator(99);
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is BatchNorm2d bn)
            {
                bn.running_mean!.copy_(rand(bn.running_mean.shape, generator: generator) * 0.2 - 0.1);
                bn.running_var!.copy_(rand(bn.running_var.shape, generator: generator) + 0.5);
                bn.weight!.copy_(rand(bn.weight.shape, generator: generator) + 0.5);
                bn.bias!.copy_(rand(bn.bias.shape, generator: generator) - 0.5);
            }
            else if (module is Linear fc)
            {
                // Unit-scale heads, so that a mismatch shows in the logits too.
                fc.weight!.copy_(randn(fc.weight.shape, generator: generator) / Math.Sqrt(fc.in_features));
                fc.bias!.copy_(rand(fc.bias!.shape, generator: generator) - 0.5);
            }
        }
    }

    private void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{what}: max abs diff {worst:g3} (largest |value| {expected.Max(Math.Abs):g3})");
        Assert.True(worst <= Tolerance * scale, $"{what}: max abs diff {worst} at scale {scale}");
    }
}
