namespace Ifcb.Server.Ingest;

/// <summary>A pushed payload that cannot be stored; <see cref="Field"/> names the offending JSON field (HTTP 400).</summary>
public sealed class PushValidationException(string field, string message) : Exception(message)
{
    /// <summary>The JSON path of the field, for example <c>classes[3].winnerCount</c>.</summary>
    public string Field { get; } = field;
}
