using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Tests.Support;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class OnnxEngineTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    [Fact]
    public void Probabilities_are_the_softmax_of_the_models_logits_divided_by_the_temperature()
    {
        // Given the card model (temperature 2) and three inputs of known channel means
        var model = ModelLoader.Load(models.RunFolder);
        using var engine = new OnnxEngine(model, DeviceSpec.Cpu, intraOpThreads: 1);
        var means = new[] { 0.1, 0.5, 0.9 };
        var input = Inputs(means, engine.ItemLength);

        // When the engine runs them
        var probabilities = new float[3 * 4];
        engine.Run(input, 3, probabilities, []);

        // Then each row is softmax(logits / 2) of the logits computed by hand from the weights
        for (var i = 0; i < 3; i++)
        {
            var logits = TinyModel.Logits([means[i], means[i], means[i]]);
            var exp = logits.Select(l => Math.Exp(l / 2)).ToArray();
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(exp[k] / exp.Sum(), probabilities[(i * 4) + k], 1e-5);
            }
        }
    }

    [Fact]
    public void Features_output_is_returned_when_asked()
    {
        // Given the WHOI-style model, which exposes 'features'
        var model = ModelLoader.Load(models.Whoi);
        using var engine = new OnnxEngine(model, DeviceSpec.Cpu, intraOpThreads: 1);
        Assert.Equal(TinyModel.Features, engine.FeatureSize);
        var input = Inputs([0.3, 0.7], engine.ItemLength);

        // When it runs with a features buffer
        var features = new float[2 * TinyModel.Features];
        engine.Run(input, 2, new float[8], features);

        // Then the features are relu(mean * W1 + b1)
        for (var f = 0; f < TinyModel.Features; f++)
        {
            var expected = Math.Max(0, TinyModel.B1[f] + (0.7 * (TinyModel.W1[f] + TinyModel.W1[4 + f] + TinyModel.W1[8 + f])));
            Assert.Equal(expected, features[TinyModel.Features + f], 1e-5);
        }
    }

    [Fact]
    public void A_fixed_batch_model_gets_its_short_last_batch_padded()
    {
        // Given a model with a fixed batch of 4 and a buffer holding 2 real items and stale data after them
        var model = ModelLoader.Load(models.FixedBatch);
        using var engine = new OnnxEngine(model, DeviceSpec.Cpu, intraOpThreads: 1);
        Assert.Equal(4, engine.FixedBatchSize);
        var input = Inputs([0.2, 0.8, 0.5, 0.5], engine.ItemLength);

        // When 2 items are run
        var probabilities = new float[2 * 4];
        engine.Run(input, 2, probabilities, []);

        // Then their rows match the WHOI temperature-1 softmax
        var logits = TinyModel.Logits([0.8, 0.8, 0.8]);
        var exp = logits.Select(Math.Exp).ToArray();
        Assert.Equal(exp[1] / exp.Sum(), probabilities[5], 1e-5);
    }

    [Theory]
    [InlineData(DeviceKind.Cuda, 0, "cuda:0", "CUDAExecutionProvider")]
    [InlineData(DeviceKind.TensorRt, 1, "tensorrt:1", "TensorrtExecutionProvider")]
    public void Asking_for_a_gpu_provider_on_a_cpu_build_fails_with_a_clear_message(DeviceKind kind, int ordinal, string device, string provider)
    {
        // Given the CPU-only ONNX Runtime package
        var model = ModelLoader.Load(models.Whoi);

        // When a GPU provider is asked for, Then the error names the device and provider and says what to use instead
        var error = Assert.Throws<InvalidOperationException>(() => new OnnxEngine(model, new DeviceSpec(kind, ordinal)));
        Assert.Contains(device, error.Message);
        Assert.Contains(provider, error.Message);
        Assert.Contains("-p:IfcbGpu=true", error.Message);
        Assert.Contains("--device cpu", error.Message);
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("cuda", "cuda:0")]
    [InlineData("cuda:0,cuda:1", "cuda:0,cuda:1")]
    [InlineData("cpu,cpu", "cpu,cpu")]
    [InlineData("tensorrt", "tensorrt:0")]
    [InlineData("TensorRT:1, cuda:0", "tensorrt:1,cuda:0")]
    [InlineData("cuda:0,1,2,3", "cuda:0,cuda:1,cuda:2,cuda:3")]
    [InlineData("tensorrt:2,3", "tensorrt:2,tensorrt:3")]
    [InlineData("cuda:all", "cuda:0,cuda:1,cuda:2")]
    [InlineData("tensorrt:all", "tensorrt:0,tensorrt:1,tensorrt:2")]
    [InlineData("cpu,cuda:1,2", "cpu,cuda:1,cuda:2")]
    public void Device_lists_parse(string text, string expected)
        => Assert.Equal(expected, string.Join(",", DeviceSpec.ParseList(text, () => 3)));

    [Theory]
    [InlineData("1,2", "must follow cuda:N")]
    [InlineData("cpu,1", "must follow cuda:N")]
    [InlineData("cuda:0,0", "GPU 0 is given twice")]
    [InlineData("cuda:all,1", "GPU 1 is given twice")]
    [InlineData("cuda:some", "cuda:all")]
    public void Bad_gpu_lists_say_why(string text, string reason)
        => Assert.Contains(reason, Assert.Throws<FormatException>(() => DeviceSpec.ParseList(text, () => 2)).Message);

    [Fact]
    public void Cuda_all_without_a_visible_gpu_is_a_clear_error()
        => Assert.Contains("no GPU is visible", Assert.Throws<FormatException>(() => DeviceSpec.ParseList("cuda:all", () => 0)).Message);

    [Theory]
    [InlineData("0,1,2,3", 4)]
    [InlineData("2", 1)]
    [InlineData("GPU-8a1f,GPU-77b2", 2)]
    [InlineData("", 0)]
    [InlineData("-1", 0)]
    [InlineData("0,-1,2", 1)]
    public void Visible_gpus_follow_cuda_visible_devices(string visible, int expected)
        => Assert.Equal(expected, GpuInventory.Visible(name => name == "CUDA_VISIBLE_DEVICES" ? visible : null, "/nonexistent"));

    [Fact]
    public void Without_cuda_visible_devices_the_driver_folder_counts_the_gpus()
    {
        var proc = Directory.CreateTempSubdirectory("ifcb-gpus-");
        try
        {
            proc.CreateSubdirectory("0000:18:00.0");
            proc.CreateSubdirectory("0000:3b:00.0");
            Assert.Equal(2, GpuInventory.Visible(_ => null, proc.FullName));
            Assert.Equal(0, GpuInventory.Visible(_ => null, Path.Combine(proc.FullName, "none")));
        }
        finally
        {
            proc.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("tensorrt:x")]
    [InlineData("")]
    public void Bad_device_lists_are_rejected(string text)
        => Assert.Throws<FormatException>(() => DeviceSpec.ParseList(text));

    private static float[] Inputs(double[] means, int itemLength)
    {
        var input = new float[means.Length * itemLength];
        for (var i = 0; i < means.Length; i++)
        {
            input.AsSpan(i * itemLength, itemLength).Fill((float)means[i]);
        }

        return input;
    }
}
