using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ifcb.Inference.Tests.Support;

/// <summary>
/// A tiny real ONNX classifier written by Debian's python3-onnx: input [N,3,S,S] -> GlobalAveragePool -> Flatten ->
/// Gemm(W1,b1) -> Relu = <c>features</c> [N,F] -> Gemm(W2,b2) = <c>logits</c> [N,C]. Its weights are known here, so
/// tests can compute the expected logits independently of ONNX Runtime.
/// </summary>
internal sealed class TinyModel
{
    public const int Features = 4;

    public static readonly string[] DefaultLabels = ["Asterionellopsis", "Chaetoceros", "detritus", "mix"];

    // W1: 3 x F, b1: F; W2: F x C, b2: C (C = 4).
    public static readonly float[] W1 = [1.5f, -2f, 0.5f, 3f, 1f, 1f, -1f, -2f, 0.25f, 0.5f, 2f, -1f];
    public static readonly float[] B1 = [0.1f, 1.2f, 0.2f, 0.4f];
    public static readonly float[] W2 = [2f, -1f, 0.5f, 0f, -1f, 3f, 0f, 1f, 0.5f, 0.5f, 2f, -2f, 1f, -1f, -1f, 2.5f];
    public static readonly float[] B2 = [0f, -0.5f, 0.25f, 0.1f];

    /// <summary>Writes <c>{name}.onnx</c> (+ <c>.classes</c> unless suppressed) into <paramref name="folder"/>.</summary>
    public static string Write(string folder, string name = "model", int size = 16, int? fixedBatch = null, string? cardJson = null, bool withFeatures = true, bool writeClasses = true, string[]? labels = null)
    {
        labels ??= DefaultLabels;
        var path = Path.Combine(folder, name + ".onnx");
        var script = Path.Combine(folder, name + "_build.py");
        var metadata = cardJson is null ? "{}" : JsonSerializer.Serialize(new Dictionary<string, string> { ["ifcb_model_card"] = cardJson });
        File.WriteAllText(script, $$"""
            import json, sys
            import numpy as np
            import onnx
            from onnx import helper, TensorProto, numpy_helper
            F = {{Features}}
            C = {{labels.Length}}
            w1 = np.array([{{Join(W1)}}], dtype=np.float32).reshape(3, F)
            b1 = np.array([{{Join(B1)}}], dtype=np.float32)
            w2 = np.array([{{Join(W2)}}], dtype=np.float32).reshape(F, 4)[:, :C]
            b2 = np.array([{{Join(B2)}}], dtype=np.float32)[:C]
            batch = {{(fixedBatch is int b ? b.ToString(CultureInfo.InvariantCulture) : "'N'")}}
            inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, [batch, 3, {{size}}, {{size}}])
            outs = [helper.make_tensor_value_info('logits', TensorProto.FLOAT, [batch, C])]
            if {{(withFeatures ? "True" : "False")}}:
                outs.append(helper.make_tensor_value_info('features', TensorProto.FLOAT, [batch, F]))
            nodes = [
                helper.make_node('GlobalAveragePool', ['input'], ['gap']),
                helper.make_node('Flatten', ['gap'], ['flat'], axis=1),
                helper.make_node('Gemm', ['flat', 'w1', 'b1'], ['hidden']),
                helper.make_node('Relu', ['hidden'], ['features']),
                helper.make_node('Gemm', ['features', 'w2', 'b2'], ['logits']),
            ]
            inits = [numpy_helper.from_array(w1, 'w1'), numpy_helper.from_array(b1, 'b1'), numpy_helper.from_array(w2, 'w2'), numpy_helper.from_array(b2, 'b2')]
            graph = helper.make_graph(nodes, 'tiny', [inp], outs, inits)
            model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)])
            model.ir_version = 7
            for k, v in json.loads(sys.argv[2]).items():
                p = model.metadata_props.add(); p.key = k; p.value = v
            onnx.checker.check_model(model)
            onnx.save(model, sys.argv[1])
            """);
        Python.Run(script, path, metadata);
        if (writeClasses)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".classes"), string.Join('\n', labels) + "\n");
        }

        return path;
    }

    /// <summary>The logits the model computes for channel means <paramref name="m"/> (independent of ONNX Runtime).</summary>
    public static double[] Logits(double[] m, int classes = 4)
    {
        var hidden = new double[Features];
        for (var f = 0; f < Features; f++)
        {
            var s = (double)B1[f];
            for (var c = 0; c < 3; c++)
            {
                s += m[c] * W1[(c * Features) + f];
            }

            hidden[f] = Math.Max(0, s);
        }

        var logits = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            var s = (double)B2[k];
            for (var f = 0; f < Features; f++)
            {
                s += hidden[f] * W2[(f * 4) + k];
            }

            logits[k] = s;
        }

        return logits;
    }

    private static string Join(float[] values) => string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
