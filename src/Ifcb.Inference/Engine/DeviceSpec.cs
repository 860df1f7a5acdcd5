namespace Ifcb.Inference.Engine;

/// <summary>One execution device: the CPU or a CUDA GPU by ordinal.</summary>
public sealed record DeviceSpec(bool IsCuda, int Ordinal)
{
    /// <summary>The CPU execution provider.</summary>
    public static DeviceSpec Cpu { get; } = new(false, 0);

    /// <inheritdoc/>
    public override string ToString() => IsCuda ? $"cuda:{Ordinal}" : "cpu";

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> (= cuda:0) or a comma list such as <c>cuda:0,cuda:1</c> (also <c>cpu,cpu</c>: two CPU engines).</summary>
    public static IReadOnlyList<DeviceSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var devices = new List<DeviceSpec>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("cpu", StringComparison.OrdinalIgnoreCase))
            {
                devices.Add(Cpu);
            }
            else if (part.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            {
                devices.Add(new DeviceSpec(true, 0));
            }
            else if (part.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase) && int.TryParse(part.AsSpan(5), out var ordinal) && ordinal >= 0)
            {
                devices.Add(new DeviceSpec(true, ordinal));
            }
            else
            {
                throw new FormatException($"device '{part}' is not cpu, cuda or cuda:N");
            }
        }

        return devices.Count > 0 ? devices : throw new FormatException("no device given");
    }
}
