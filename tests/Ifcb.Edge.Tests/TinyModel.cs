using System.Diagnostics;

namespace Ifcb.Edge.Tests;

/// <summary>A tiny WHOI-style model (input [N,3,24,24], 3 logits) written by Debian's python3-onnx, with its .classes.</summary>
internal static class TinyModel
{
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "tiny.onnx");
        var script = Path.Combine(folder, "tiny.py");
        File.WriteAllText(script, """
            import sys, numpy as np, onnx
            from onnx import helper, TensorProto, numpy_helper
            inp = helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 3, 24, 24])
            out = helper.make_tensor_value_info('logits', TensorProto.FLOAT, ['N', 3])
            w = numpy_helper.from_array(np.array([[4, -4, 0], [0, 0, 1], [-1, 2, 0]], dtype=np.float32), 'w')
            b = numpy_helper.from_array(np.array([-2, 2, 0], dtype=np.float32), 'b')
            nodes = [helper.make_node('GlobalAveragePool', ['input'], ['g']), helper.make_node('Flatten', ['g'], ['f']),
                     helper.make_node('Gemm', ['f', 'w', 'b'], ['logits'])]
            m = helper.make_model(helper.make_graph(nodes, 'tiny', [inp], [out], [w, b]), opset_imports=[helper.make_opsetid('', 13)])
            m.ir_version = 7
            onnx.save(m, sys.argv[1])
            """);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        File.WriteAllText(Path.ChangeExtension(path, ".classes"), "Chaetoceros\ndetritus\nmix\n");
        return path;
    }
}
