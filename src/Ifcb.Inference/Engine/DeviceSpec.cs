namespace Ifcb.Inference.Engine;

/// <summary>Which ONNX Runtime execution provider runs an engine.</summary>
public enum DeviceKind
{
    /// <summary>The CPU execution provider.</summary>
    Cpu,

    /// <summary>The CUDA execution provider on one GPU.</summary>
    Cuda,

    /// <summary>The TensorRT execution provider on one GPU, with CUDA for the nodes TensorRT does not take.</summary>
    TensorRt,
}

/// <summary>One execution device: the CPU, or a GPU by ordinal through CUDA or TensorRT.</summary>
public sealed record DeviceSpec(DeviceKind Kind, int Ordinal)
{
    /// <summary>The CPU execution provider.</summary>
    public static DeviceSpec Cpu { get; } = new(DeviceKind.Cpu, 0);

    /// <summary>True for a GPU provider (CUDA or TensorRT).</summary>
    public bool IsGpu => Kind != DeviceKind.Cpu;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        DeviceKind.Cuda => $"cuda:{Ordinal}",
        DeviceKind.TensorRt => $"tensorrt:{Ordinal}",
        _ => "cpu",
    };

    /// <summary>
    /// Parses <c>cpu</c>, <c>cuda</c> (= cuda:0), <c>tensorrt</c> (= tensorrt:0) or a comma list such as
    /// <c>cuda:0,cuda:1</c> (also <c>cpu,cpu</c>: two CPU engines).
    /// </summary>
    public static IReadOnlyList<DeviceSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var devices = new List<DeviceSpec>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            devices.Add(Parse(part));
        }

        return devices.Count > 0 ? devices : throw new FormatException("no device given");
    }

    private static DeviceSpec Parse(string part)
    {
        if (part.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            return Cpu;
        }

        foreach (var (name, kind) in new[] { ("cuda", DeviceKind.Cuda), ("tensorrt", DeviceKind.TensorRt) })
        {
            if (part.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return new DeviceSpec(kind, 0);
            }

            if (part.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part.AsSpan(name.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ordinal))
            {
                return new DeviceSpec(kind, ordinal);
            }
        }

        throw new FormatException($"device '{part}' is not cpu, cuda, cuda:N, tensorrt or tensorrt:N");
    }
}
