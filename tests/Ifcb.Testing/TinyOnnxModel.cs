using System.Diagnostics;

namespace Ifcb.Testing;

/// <summary>
/// A tiny WHOI-style model (input [N,3,24,24], 3 logits, GlobalAveragePool -> Gemm) with a .classes sidecar, written
/// by Debian's python3-onnx; with <c>convolution</c> a 3x3 convolution + ReLU comes first, so that quantization has work
/// to do. Shared by the CLI and edge tests.
/// </summary>
public static class TinyOnnxModel
{
    public static string Write(string folder, bool convolution = false)
    {
        var path = Path.Combine(folder, "tiny.onnx");
        var script = Path.Combine(folder, "tiny.py");
        File.WriteAllText(script, $"""
            import sys, numpy as np, onnx
            from onnx import helper, TensorProto, numpy_helper
            inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 3, 24, 24])
            out = helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['N', 3])
            w = numpy_helper.from_array(np.array([[4, -4, 0], [0, 0, 1], [-1, 2, 0]], dtype=np.float32), 'w')
            b = numpy_helper.from_array(np.array([-2, 2, 0], dtype=np.float32), 'b')
            kw = numpy_helper.from_array(np.random.default_rng(3).normal(0, 0.3, (3, 3, 3, 3)).astype(np.float32), 'kw')
            kb = numpy_helper.from_array(np.array([0.1, 0.2, 0.3], dtype=np.float32), 'kb')
            conv = {(convolution ? "True" : "False")}
            nodes = ([helper.make_node('Conv', ['input', 'kw', 'kb'], ['c'], pads=[1, 1, 1, 1]), helper.make_node('Relu', ['c'], ['r'])] if conv else []) + [
                     helper.make_node('GlobalAveragePool', ['r' if conv else 'input'], ['g']), helper.make_node('Flatten', ['g'], ['f']),
                     helper.make_node('Gemm', ['f', 'w', 'b'], ['logits'])]
            m = helper.make_model(helper.make_graph(nodes, 'tiny', [inp], [out], [w, b] + ([kw, kb] if conv else [])), opset_imports=[helper.make_opsetid('', 13)])
            m.ir_version = 7
            onnx.save(m, sys.argv[1])
            """);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 could not write the tiny model: {error}");
        }
        File.WriteAllText(Path.ChangeExtension(path, ".classes"), "Chaetoceros\ndetritus\nmix\n");
        return path;
    }
}
