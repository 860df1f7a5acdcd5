using Ifcb.Imaging;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class PreprocessPrologueTests(ITestOutputHelper output)
{
    public static TheoryData<ResizeMode, int, int> Settings => new()
    {
        { ResizeMode.Stretch, 3, 24 },
        { ResizeMode.Pad, 3, 24 },
        { ResizeMode.Stretch, 1, 64 },
        { ResizeMode.Pad, 3, 64 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Onnx_prologue_gives_the_cpu_preprocessing_exactly(ResizeMode mode, int channels, int size)
    {
        // Given ROIs smaller and larger than the input, square, tall and wide, with a border and noise
        var options = new PreprocessOptions
        {
            InputSize = size,
            Channels = channels,
            Resize = mode,
            Mean = channels == 3 ? [0.485f, 0.456f, 0.406f] : [0.5f],
            Std = channels == 3 ? [0.229f, 0.224f, 0.225f] : [0.25f],
        };
        var random = new Random(size + channels + (int)mode);
        var rois = Enumerable.Range(0, 24).Select(i => Roi(random, random.Next(1, i < 12 ? size : 3 * size), random.Next(1, i < 12 ? size : 3 * size))).ToList();
        rois.Add(Roi(random, 1, 1));
        rois.Add(Roi(random, size, size));
        rois.Add(Roi(random, 1, 5 * size));

        // When the prologue runs on the packed pixels and the C# path on each ROI
        var (height, width) = PreprocessPrologue.PackedShape(rois);
        var pixels = new byte[rois.Count * height * width];
        var geometry = new double[rois.Count * 7];
        PreprocessPrologue.Pack(rois, options, pixels, geometry);
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(PreprocessPrologue.Build(options)));
        using var p = OrtValue.CreateTensorValueFromMemory(pixels, [rois.Count, height, width]);
        using var g = OrtValue.CreateTensorValueFromMemory(geometry, [rois.Count, 7]);
        using var run = new RunOptions();
        using var results = session.Run(run, [PreprocessPrologue.PixelsInput, PreprocessPrologue.GeometryInput], [p, g], ["input"]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();

        // Then every value is the same
        var expected = new float[rois.Count * options.TensorLength];
        for (var i = 0; i < rois.Count; i++)
        {
            Preprocessor.Preprocess(rois[i].Pixels, rois[i].Width, rois[i].Height, options, expected.AsSpan(i * options.TensorLength, options.TensorLength));
        }

        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{mode} {channels}x{size}: {rois.Count} ROIs, largest difference {worst:E2}");
        Assert.True(worst <= 1e-5, $"largest difference {worst}");
    }

    [Fact]
    public void Prologue_in_front_of_a_model_gives_the_same_logits()
    {
        var folder = Directory.CreateTempSubdirectory("ifcb-prologue-");
        try
        {
            var path = TinyCnn.Write(Path.Combine(folder.FullName, "cnn.onnx"));
            var options = new PreprocessOptions { InputSize = TinyCnn.Size, Channels = 3, Resize = ResizeMode.Pad };
            var random = new Random(5);
            var rois = Enumerable.Range(0, 16).Select(_ => Roi(random, random.Next(4, 60), random.Next(4, 60))).ToList();
            var (height, width) = PreprocessPrologue.PackedShape(rois);
            var pixels = new byte[rois.Count * height * width];
            var geometry = new double[rois.Count * 7];
            PreprocessPrologue.Pack(rois, options, pixels, geometry);
            var combined = PreprocessPrologue.Attach(Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)), options);
            using var session = new InferenceSession(combined);
            using var p = OrtValue.CreateTensorValueFromMemory(pixels, [rois.Count, height, width]);
            using var g = OrtValue.CreateTensorValueFromMemory(geometry, [rois.Count, 7]);
            using var run = new RunOptions();
            using var results = session.Run(run, [PreprocessPrologue.PixelsInput, PreprocessPrologue.GeometryInput], [p, g], ["logits"]);
            var actual = results[0].GetTensorDataAsSpan<float>().ToArray();

            var input = new float[rois.Count * options.TensorLength];
            for (var i = 0; i < rois.Count; i++)
            {
                Preprocessor.Preprocess(rois[i].Pixels, rois[i].Width, rois[i].Height, options, input.AsSpan(i * options.TensorLength, options.TensorLength));
            }

            using var plain = new InferenceSession(path);
            using var x = OrtValue.CreateTensorValueFromMemory(input, [rois.Count, 3, TinyCnn.Size, TinyCnn.Size]);
            using var expected = plain.Run(run, ["input"], [x], ["logits"]);
            Assert.Equal(expected[0].GetTensorDataAsSpan<float>().ToArray(), actual);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Classify_with_the_preprocessing_in_the_session_writes_the_same_scores(bool fp16)
    {
        // Given the same bins and model, classified with C# preprocessing and with --preprocess onnx
        using var fixture = new ModelFixture();
        var folder = Directory.CreateTempSubdirectory("ifcb-prologue-run-");
        try
        {
            var archive = FakeArchive.Create(4, 13);
            async Task<(Ifcb.Inference.Runs.ClassifyRunResult Result, string Out)> Run(bool onnx)
            {
                var outDir = Path.Combine(folder.FullName, onnx ? "onnx" : "cpu");
                var run = new Ifcb.Inference.Runs.ClassifyRun(archive, RoiPreprocessors.For, Ifcb.Inference.Outputs.ScoresFormats.Create, new FixedClock(PipelineHarness.RunStart));
                var result = await run.RunAsync(new Ifcb.Inference.Runs.ClassifyRequest
                {
                    Inputs = ["archive"],
                    ModelPath = fixture.Whoi,
                    OutputRoot = outDir,
                    Formats = ["csv"],
                    BatchSize = 5,
                    PreprocessWorkers = 2,
                    PreprocessInSession = onnx,
                    Precision = fp16 ? Ifcb.Inference.Engine.ModelPrecision.Fp16 : Ifcb.Inference.Engine.ModelPrecision.Fp32,
                }, null, CancellationToken.None);
                return (result, outDir);
            }

            var cpu = await Run(onnx: false);
            var onnx = await Run(onnx: true);

            // Then every CSV is byte for byte the same, and all ROIs were scored
            Assert.Equal(cpu.Result.Pipeline.RoisScored, onnx.Result.Pipeline.RoisScored);
            Assert.True(onnx.Result.Pipeline.RoisScored > 0);
            var files = Directory.GetFiles(cpu.Out, "*_class_scores.csv", SearchOption.AllDirectories);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(onnx.Out, Path.GetRelativePath(cpu.Out, file))));
            }

            Assert.True(onnx.Result.Pipeline.Profile[Ifcb.Inference.Pipeline.PipelineStage.Compute] > TimeSpan.Zero);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (byte[] Pixels, int Width, int Height) Roi(Random random, int width, int height)
    {
        var pixels = new byte[width * height];
        var background = random.Next(150, 230);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x - (width / 2.0)) / Math.Max(1, width / 3.0);
                var dy = (y - (height / 2.0)) / Math.Max(1, height / 3.0);
                var inside = (dx * dx) + (dy * dy) < 1;
                pixels[(y * width) + x] = (byte)Math.Clamp((inside ? background - 120 : background) + random.Next(-12, 13), 0, 255);
            }
        }

        return (pixels, width, height);
    }
}
