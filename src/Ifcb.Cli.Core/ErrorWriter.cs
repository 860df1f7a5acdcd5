namespace Ifcb.Cli;

/// <summary>Where commands report failed inputs (stderr in production, a buffer in tests).</summary>
public sealed class ErrorWriter(TextWriter writer)
{
    /// <summary>The underlying writer.</summary>
    public TextWriter Writer { get; } = writer;

    /// <summary>Writes one failure line, prefixed so that it is easy to grep.</summary>
    public void Failure(string what, string reason) => Writer.WriteLine($"ifcb: {what}: {reason}");
}
