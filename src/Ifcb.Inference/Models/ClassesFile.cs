using Ifcb.Data;
using Ifcb.Models;

namespace Ifcb.Inference.Models;

/// <summary>WHOI's <c>.classes</c> sidecar: one label per line, in output order.</summary>
public static class ClassesFile
{
    /// <summary>The sidecar path for an ONNX file: same name, <c>.classes</c> extension.</summary>
    public static string PathFor(string onnxPath) => ModelFiles.ClassesPathFor(onnxPath);

    /// <summary>Reads the labels; blank trailing lines are ignored, blank inner lines and non-ASCII labels are errors.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.TrimEnd('\r', ' ', '\t')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
            {
                throw new IfcbDataException(path, "empty class label", line: i + 1);
            }

            // The Dashboard decodes labels as ASCII: refuse anything else early rather than write unreadable outputs.
            if (lines[i].Any(c => c > 127))
            {
                throw new IfcbDataException(path, $"class label '{lines[i]}' is not ASCII", line: i + 1);
            }
        }

        if (lines.Count == 0)
        {
            throw new IfcbDataException(path, "no class labels");
        }

        return lines;
    }

    /// <summary>Writes labels, one per line (atomic).</summary>
    public static void Write(string path, IEnumerable<string> labels)
        => Ifcb.Data.IO.AtomicFile.WriteAllText(path, string.Join('\n', labels) + "\n");
}
