namespace Ifcb.Telemetry;

/// <summary>A message or webhook form that cannot be decoded; <see cref="Field"/> names what is wrong.</summary>
public sealed class TelemetryFormatException(string field, string message) : FormatException($"{field}: {message}")
{
    /// <summary>The field (or byte offset, as <c>byte N</c>) at fault.</summary>
    public string Field { get; } = field;
}
