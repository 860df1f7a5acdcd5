using System.Buffers.Binary;
using System.Text.Json;

namespace Ifcb.Server.Ingest;

/// <summary>
/// The compact push body (<c>Content-Type: application/x-ifcb-push</c>): the JSON push without <c>scores</c>, then
/// the per-ROI scores as raw bytes, so 3,000 ROIs x 100 classes travel as 1.2 MB instead of 1.6 MB of base64 that the
/// server must decode. Layout: ASCII <c>IFP1</c>; uint32 little-endian length N of the JSON; N bytes of UTF-8 JSON;
/// then R little-endian int32 ROI numbers followed by R x classes little-endian float32 scores (row-major), where R
/// follows from the remaining length (none: no scores).
/// </summary>
public static class BinaryPush
{
    /// <summary>The media type of the compact body.</summary>
    public const string MediaType = "application/x-ifcb-push";

    private static ReadOnlySpan<byte> Magic => "IFP1"u8;

    /// <summary>Builds a compact body: <paramref name="json"/> is the push without scores.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> json, ReadOnlySpan<int> roiNumbers, ReadOnlySpan<float> scores)
    {
        var body = new byte[8 + json.Length + (roiNumbers.Length * 4) + (scores.Length * 4)];
        Magic.CopyTo(body);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)json.Length);
        json.CopyTo(body.AsSpan(8));
        var at = 8 + json.Length;
        for (var i = 0; i < roiNumbers.Length; i++, at += 4)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at), roiNumbers[i]);
        }

        for (var i = 0; i < scores.Length; i++, at += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(at), scores[i]);
        }

        return body;
    }

    /// <summary>Reads a compact body. Throws <see cref="PushValidationException"/> when its framing is wrong.</summary>
    /// <exception cref="JsonException">The JSON part is malformed.</exception>
    public static BinPush? Decode(ReadOnlyMemory<byte> body, JsonSerializerOptions options)
    {
        var span = body.Span;
        if (span.Length < 8 || !span[..4].SequenceEqual(Magic))
        {
            throw new PushValidationException("$", $"a {MediaType} body starts with IFP1 and the length of its JSON part");
        }

        var n = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (n > span.Length - 8)
        {
            throw new PushValidationException("$", $"the JSON part claims {n} bytes; the body has {span.Length - 8} after the header");
        }

        var push = JsonSerializer.Deserialize<BinPush>(span.Slice(8, (int)n), options);
        if (push is null)
        {
            return null;
        }

        var rest = body[(8 + (int)n)..];
        if (rest.Length == 0)
        {
            return push;
        }

        var classes = push.Classes?.Count ?? 0;
        var perRow = 4 + (4L * classes);
        if (classes == 0 || rest.Length % perRow != 0)
        {
            throw new PushValidationException("scores", $"the {rest.Length} score bytes are not a whole number of ROIs (4 + 4 x {classes} classes bytes each)");
        }

        var rows = (int)(rest.Length / perRow);
        push.Scores = null;
        push.RawScores = (rest[..(rows * 4)].ToArray(), rest[(rows * 4)..].ToArray());
        return push;
    }
}
