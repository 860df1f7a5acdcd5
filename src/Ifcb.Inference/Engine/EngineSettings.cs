using Microsoft.ML.OnnxRuntime;

namespace Ifcb.Inference.Engine;

/// <summary>How an <see cref="OnnxEngine"/> sets up its ONNX Runtime session.</summary>
public sealed record EngineSettings
{
    /// <summary>CPU threads for the session (0: ONNX Runtime's default, all cores).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether the session's worker threads spin between parallel sections instead of sleeping (ONNX Runtime's
    /// <c>session.intra_op.allow_spinning</c>; null leaves ONNX Runtime's default, which spins).
    /// </summary>
    public bool? AllowSpinning { get; init; }

    /// <summary>Flush denormal floats to zero in the session's threads (<c>session.set_denormal_as_zero</c>).</summary>
    public bool DenormalsAsZero { get; init; }

    /// <summary>Float32 as stored, or float16 converted at load.</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Fp32;

    /// <summary>
    /// Preprocessing run inside the session (<see cref="Preprocessing.PreprocessPrologue"/>, <c>--preprocess onnx</c>):
    /// the engine then takes packed 8-bit pixels through <see cref="OnnxEngine.RunPixels"/>. Null: float input.
    /// </summary>
    public Ifcb.Imaging.PreprocessOptions? Prologue { get; init; }

    /// <summary>The session options these settings ask for (execution providers are added by the engine).</summary>
    public SessionOptions CreateSessionOptions(DeviceSpec device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = IntraOpThreads,
        };
        if (AllowSpinning is { } spin)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
        }

        if (DenormalsAsZero)
        {
            options.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
        }

        return options;
    }
}
