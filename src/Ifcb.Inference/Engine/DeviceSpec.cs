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
    /// <c>cuda:0,cuda:1</c> (also <c>cpu,cpu</c>: two CPU engines). A bare ordinal continues the GPU kind before it
    /// (<c>cuda:0,1,2,3</c>); <c>cuda:all</c> / <c>tensorrt:all</c> is one engine per GPU visible to the process
    /// (<see cref="GpuInventory"/>). Each engine gets its own ONNX Runtime session behind the same bounded pipeline.
    /// </summary>
    public static IReadOnlyList<DeviceSpec> ParseList(string text) => ParseList(text, GpuInventory.Visible);

    /// <summary><see cref="ParseList(string)"/> with the GPU count for <c>:all</c> given (tests; syntax checks on a login node).</summary>
    public static IReadOnlyList<DeviceSpec> ParseList(string text, Func<int> visibleGpus)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(visibleGpus);
        var devices = new List<DeviceSpec>();
        DeviceKind? lastGpu = null;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.All(char.IsAsciiDigit))
            {
                var kind = lastGpu ?? throw new FormatException($"device '{part}': a bare GPU number must follow cuda:N or tensorrt:N (e.g. cuda:0,1,2,3)");
                devices.Add(new DeviceSpec(kind, int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            if (AllOf(part) is { } all)
            {
                var count = visibleGpus();
                if (count < 1)
                {
                    throw new FormatException($"device '{part}': no GPU is visible to this process (CUDA_VISIBLE_DEVICES is empty or unset and the NVIDIA driver lists none)");
                }

                devices.AddRange(Enumerable.Range(0, count).Select(i => new DeviceSpec(all, i)));
                lastGpu = all;
                continue;
            }

            var device = Parse(part);
            lastGpu = device.IsGpu ? device.Kind : null;
            devices.Add(device);
        }

        if (devices.Count == 0)
        {
            throw new FormatException("no device given");
        }

        // Two sessions on one GPU compete for its memory and gain nothing; CPU engines may repeat (cpu,cpu).
        var twice = devices.Where(d => d.IsGpu).GroupBy(d => d.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? devices : throw new FormatException($"GPU {twice.Key} is given twice in '{text}'");
    }

    private static DeviceKind? AllOf(string part)
        => part.Equals("cuda:all", StringComparison.OrdinalIgnoreCase) ? DeviceKind.Cuda
            : part.Equals("tensorrt:all", StringComparison.OrdinalIgnoreCase) ? DeviceKind.TensorRt
            : null;

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

        throw new FormatException($"device '{part}' is not cpu, cuda, cuda:N, cuda:all, tensorrt, tensorrt:N or tensorrt:all");
    }
}
