namespace Ifcb.Telemetry;

/// <summary>One mobile-originated message as a RockBLOCK-style service delivers it to a webhook.</summary>
/// <param name="Imei">The modem's IMEI (15 digits): the hub maps it to a dataset.</param>
/// <param name="Momsn">The modem's message sequence number.</param>
/// <param name="TransmitTime">When the satellite received it (UTC).</param>
/// <param name="Latitude">Iridium's estimate of the modem's latitude (null when absent).</param>
/// <param name="Longitude">Iridium's estimate of the modem's longitude (null when absent).</param>
/// <param name="CepKm">The estimate's circular error probable in km (null when absent).</param>
/// <param name="Data">The message bytes (from the hex <c>data</c> field).</param>
public sealed record RockBlockMessage(string Imei, long Momsn, DateTimeOffset TransmitTime, double? Latitude, double? Longitude, double? CepKm, byte[] Data);
