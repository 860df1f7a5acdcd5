using BenchmarkDotNet.Attributes;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;

namespace Ifcb.Benchmarks;

/// <summary>
/// The engine alone: one ONNX Runtime CPU session running a batch of 32 preprocessed inputs, softmax included. The
/// models come from <c>IFCB_BENCH_MODELS</c> (comma list; <c>bench/classify/run.sh</c> exports them). Divide 32 by the
/// mean to get ROIs/s, and compare with the end-to-end figure to see how busy the pipeline keeps the engine.
/// </summary>
[MemoryDiagnoser]
public class ClassifyEngineBenchmarks : IDisposable
{
    private const int Batch = 32;
    private OnnxEngine? _engine;
    private float[] _input = [];
    private float[] _probabilities = [];

    /// <summary>The ONNX models to run.</summary>
    public static IEnumerable<string> Models => (Environment.GetEnvironmentVariable("IFCB_BENCH_MODELS") ?? string.Empty)
        .Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The model file.</summary>
    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = "";

    /// <summary>Creates the session and a random batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var model = ModelLoader.Load(Model);
        _engine = new OnnxEngine(model, DeviceSpec.Cpu);
        _input = new float[Batch * _engine.ItemLength];
        var random = new Random(1);
        for (var i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)random.NextDouble();
        }

        _probabilities = new float[Batch * _engine.ClassCount];
    }

    /// <summary>One batch of 32.</summary>
    [Benchmark]
    public void RunBatch32() => _engine!.Run(_input, Batch, _probabilities, []);

    /// <summary>Disposes the session.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
        GC.SuppressFinalize(this);
    }
}
