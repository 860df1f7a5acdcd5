using System.Globalization;

namespace Ifcb.Server.Api;

/// <summary>Query-string values shared by the read endpoints.</summary>
internal static class QueryParams
{
    /// <summary>An ISO 8601 date or date-time (UTC when no offset) as Unix ms; null when absent.</summary>
    public static long? Time(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t.ToUnixTimeMilliseconds();
        }

        throw new ArgumentException($"{name} '{text}' is not an ISO 8601 date or time");
    }

    public static bool WantsCsv(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    public static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
