using System.Globalization;

namespace Ifcb.Telemetry;

/// <summary>
/// Parses the form a RockBLOCK-style service posts for each message (<c>imei</c>, <c>momsn</c>, <c>transmit_time</c>,
/// <c>iridium_latitude</c>, <c>iridium_longitude</c>, <c>iridium_cep</c>, <c>data</c> as hex). A hub endpoint is then
/// a few lines: parse, map the IMEI to a dataset, <see cref="SbdMessage.Decode"/> the data, store as a push.
/// </summary>
public static class RockBlockWebhook
{
    private static readonly string[] TimeFormats = ["yy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ"];

    /// <summary>Parses the form fields; throws <see cref="TelemetryFormatException"/> naming the bad or missing field.</summary>
    public static RockBlockMessage Parse(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var imei = Required(form, "imei");
        if (imei.Length is < 14 or > 16 || !imei.All(char.IsAsciiDigit))
        {
            throw new TelemetryFormatException("imei", $"'{imei}' is not an IMEI (14-16 digits)");
        }

        var momsnText = Required(form, "momsn");
        if (!long.TryParse(momsnText, NumberStyles.None, CultureInfo.InvariantCulture, out var momsn))
        {
            throw new TelemetryFormatException("momsn", $"'{momsnText}' is not a sequence number");
        }

        var timeText = Required(form, "transmit_time");
        if (!DateTime.TryParseExact(timeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new TelemetryFormatException("transmit_time", $"'{timeText}' is not a time (yy-MM-dd HH:mm:ss, UTC)");
        }

        var hex = Required(form, "data");
        byte[] data;
        try
        {
            data = hex.Length % 2 == 0 ? Convert.FromHexString(hex) : throw new FormatException("odd number of hex digits");
        }
        catch (FormatException ex)
        {
            throw new TelemetryFormatException("data", $"not hex: {ex.Message}");
        }

        if (data.Length == 0 || data.Length > SbdMessage.MaxMobileOriginatedBytes)
        {
            throw new TelemetryFormatException("data", $"{data.Length} bytes; a mobile-originated message has 1 to {SbdMessage.MaxMobileOriginatedBytes}");
        }

        return new RockBlockMessage(
            imei,
            momsn,
            new DateTimeOffset(time, TimeSpan.Zero),
            Optional(form, "iridium_latitude", -90, 90),
            Optional(form, "iridium_longitude", -180, 180),
            Optional(form, "iridium_cep", 0, double.MaxValue),
            data);
    }

    private static string Required(IReadOnlyDictionary<string, string> form, string field)
        => form.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : throw new TelemetryFormatException(field, "missing");

    private static double? Optional(IReadOnlyDictionary<string, string> form, string field, double min, double max)
    {
        if (!form.TryGetValue(field, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new TelemetryFormatException(field, $"'{text}' is not a number in [{min}, {max}]");
    }
}
