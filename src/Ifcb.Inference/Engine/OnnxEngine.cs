using System.Diagnostics;
using Ifcb.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace Ifcb.Inference.Engine;

/// <summary>
/// One ONNX Runtime session on one device. Not thread-safe by design: the pipeline gives each engine its own
/// thread, and several devices get several engines fed from one queue.
/// </summary>
public sealed class OnnxEngine : IInferenceEngine, ISessionTimed
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private const string TensorRtProvider = "TensorrtExecutionProvider";

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly int _itemLength;
    private readonly int _channels;
    private readonly int _size;
    private readonly float _temperature;
    private long _sessionTicks;

    /// <summary>Creates a session for <paramref name="model"/> on <paramref name="device"/>.</summary>
    /// <param name="model">The model to run.</param>
    /// <param name="device">CPU, or a GPU through CUDA or TensorRT.</param>
    /// <param name="intraOpThreads">CPU threads for this session (0: ONNX Runtime's default, all cores).</param>
    public OnnxEngine(ModelDescription model, DeviceSpec device, int intraOpThreads = 0)
        : this(model, device, new EngineSettings { IntraOpThreads = intraOpThreads })
    {
    }

    /// <summary>Creates a session for <paramref name="model"/> on <paramref name="device"/> with <paramref name="settings"/>.</summary>
    public OnnxEngine(ModelDescription model, DeviceSpec device, EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        Name = device.ToString();
        Settings = settings;
        using var options = settings.CreateSessionOptions(device);
        if (device.IsGpu)
        {
            // The CPU package is the default; -p:IfcbGpu=true builds with the GPU package. Say so plainly.
            var available = OrtEnv.Instance().GetAvailableProviders();
            var (provider, libraries) = device.Kind == DeviceKind.TensorRt
                ? (TensorRtProvider, "CUDA 13, cuDNN 9 and TensorRT 10")
                : (CudaProvider, "CUDA 13 and cuDNN 9");
            if (!available.Contains(provider) || !available.Contains(CudaProvider))
            {
                throw new InvalidOperationException(
                    $"device {device} asked for, but this ONNX Runtime build has no {provider} (publish ifcb with " +
                    $"-p:IfcbGpu=true, which takes the Microsoft.ML.OnnxRuntime.Gpu.Linux package, and install {libraries}; " +
                    "or use --device cpu)");
            }

            try
            {
                if (device.Kind == DeviceKind.TensorRt)
                {
                    options.AppendExecutionProvider_Tensorrt(device.Ordinal);
                }

                // After TensorRT (which takes the nodes it supports first), CUDA runs the rest.
                options.AppendExecutionProvider_CUDA(device.Ordinal);
            }
            catch (OnnxRuntimeException ex)
            {
                // The GPU build is installed but its provider library cannot load: a CUDA, cuDNN or TensorRT library
                // is missing from the library path (ONNX Runtime's own log line above names it).
                throw new InvalidOperationException(
                    $"device {device} asked for, but ONNX Runtime could not load its {provider} ({ex.Message}): " +
                    $"put the {libraries} libraries on the library path (LD_LIBRARY_PATH), or use --device cpu", ex);
            }
        }

        if (settings.Precision == ModelPrecision.Fp16 && model.IsQuantized)
        {
            throw new InvalidOperationException("--precision fp16 takes a float model; this one is int8 (ifcb quantize): give the float original");
        }

        var bytes = settings.Precision == ModelPrecision.Fp16 ? Fp16Converter.Convert(model.OnnxPath) : null;
        if (settings.Prologue is { } prologue)
        {
            // Float16 first (the prologue's own arithmetic stays in double and float), then the prologue in front.
            var proto = Onnx.ModelProto.Parser.ParseFrom(bytes ?? File.ReadAllBytes(model.OnnxPath));
            var image = proto.Graph.Input.First(i => proto.Graph.Initializer.All(t => t.Name != i.Name));
            if (image.Type.TensorType.Shape.Dim[0].DimValue > 0)
            {
                throw new InvalidOperationException("--preprocess onnx needs a model with a dynamic batch dimension");
            }

            bytes = Preprocessing.PreprocessPrologue.Attach(proto, prologue);
        }

        _session = bytes is null ? new InferenceSession(model.OnnxPath, options) : new InferenceSession(bytes, options);
        var input = _session.InputMetadata.First();
        _inputName = input.Key;
        if (settings.Prologue is { } p)
        {
            _channels = p.Channels;
            _size = p.InputSize;
            FixedBatchSize = null;
        }
        else
        {
            var dims = input.Value.Dimensions;
            _channels = (int)dims[1];
            _size = (int)dims[2];
            FixedBatchSize = dims[0] > 0 ? (int)dims[0] : null;
        }

        _itemLength = _channels * _size * _size;
        var outputs = _session.OutputMetadata;
        var logitsName = outputs.ContainsKey("logits") ? "logits" : outputs.Keys.First(k => k != "features");
        ClassCount = model.Labels.Count;
        if (outputs.TryGetValue("features", out var features))
        {
            FeatureSize = (int)features.Dimensions[^1];
            _outputNames = [logitsName, "features"];
        }
        else
        {
            _outputNames = [logitsName];
        }

        _temperature = model.Temperature;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The session settings this engine was made with.</summary>
    public EngineSettings Settings { get; }

    /// <inheritdoc/>
    public long SessionTicks => Interlocked.Read(ref _sessionTicks);

    /// <inheritdoc/>
    public int? FixedBatchSize { get; }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public int FeatureSize { get; }

    /// <summary>Floats per input item (channels x size x size).</summary>
    public int ItemLength => _itemLength;

    /// <inheritdoc/>
    public void Run(float[] input, int count, Span<float> probabilities, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (count <= 0)
        {
            return;
        }

        var rows = FixedBatchSize ?? count;
        if (count > rows || input.Length < rows * _itemLength)
        {
            throw new ArgumentException($"batch of {count} does not fit the model's batch of {rows} or the buffer", nameof(count));
        }

        if (rows > count)
        {
            // Fixed-batch model, short last batch: pad with zeros; the padded rows' outputs are dropped.
            Array.Clear(input, count * _itemLength, (rows - count) * _itemLength);
        }

        var shape = new long[] { rows, _channels, _size, _size };
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, rows * _itemLength), shape);
        var started = Stopwatch.GetTimestamp();
        using var results = _session.Run(_runOptions, [_inputName], [value], _outputNames);
        Interlocked.Add(ref _sessionTicks, Stopwatch.GetTimestamp() - started);
        Finish(results, count, probabilities, features);
    }

    /// <summary>
    /// Runs <paramref name="count"/> ROIs packed by <see cref="Preprocessing.PreprocessPrologue.Pack"/>
    /// ([count, height, width] 8-bit pixels and [count, 7] geometry): the preprocessing runs inside the session.
    /// Only for an engine made with <see cref="EngineSettings.Prologue"/>.
    /// </summary>
    public void RunPixels(byte[] pixels, int height, int width, double[] geometry, int count, Span<float> probabilities, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(geometry);
        if (Settings.Prologue is null)
        {
            throw new InvalidOperationException("this engine was made without the preprocessing prologue");
        }

        if (count <= 0)
        {
            return;
        }

        using var p = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, count * height * width), new long[] { count, height, width });
        using var g = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, geometry.AsMemory(0, count * 7), new long[] { count, 7 });
        var started = Stopwatch.GetTimestamp();
        using var results = _session.Run(_runOptions, [Preprocessing.PreprocessPrologue.PixelsInput, Preprocessing.PreprocessPrologue.GeometryInput], [p, g], _outputNames);
        Interlocked.Add(ref _sessionTicks, Stopwatch.GetTimestamp() - started);
        Finish(results, count, probabilities, features);
    }

    private void Finish(IDisposableReadOnlyCollection<OrtValue> results, int count, Span<float> probabilities, Span<float> features)
    {
        var logits = results[0].GetTensorDataAsSpan<float>();
        for (var i = 0; i < count; i++)
        {
            Softmax.Apply(logits.Slice(i * ClassCount, ClassCount), probabilities.Slice(i * ClassCount, ClassCount), _temperature);
        }

        if (FeatureSize > 0 && !features.IsEmpty)
        {
            results[1].GetTensorDataAsSpan<float>()[..(count * FeatureSize)].CopyTo(features);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
