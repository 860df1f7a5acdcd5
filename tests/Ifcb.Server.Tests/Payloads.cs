using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ifcb.Server.Tests;

/// <summary>Push payloads built as a client would, following the push contract.</summary>
internal static class Payloads
{
    public static readonly string[] Classes = ["Alexandrium_catenella", "Dinophysis_acuminata", "Pseudo-nitzschia", "Ciliate", "detritus"];

    public const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A bin id at <paramref name="time"/>.</summary>
    public static string Lid(DateTime time, int instrument = 123)
        => "D" + time.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "_IFCB" + instrument.ToString(CultureInfo.InvariantCulture);

    /// <summary>A push with the given counts (one per class) and, optionally, per-ROI scores that agree with them.</summary>
    public static JsonObject Bin(string lid, int[] counts, double ml = 5.0, string model = "m1", bool scores = false, string[]? classes = null)
    {
        classes ??= Classes;
        var list = new JsonArray();
        for (var i = 0; i < classes.Length; i++)
        {
            list.Add(new JsonObject { ["name"] = classes[i], ["winnerCount"] = counts[i], ["aboveThresholdCount"] = counts[i] / 2, ["threshold"] = 0.5 });
        }

        var body = new JsonObject
        {
            ["bin"] = lid,
            ["instrument"] = "IFCB123",
            ["mlAnalyzed"] = ml,
            ["roiCount"] = counts.Sum(),
            ["qcFlags"] = new JsonArray(),
            ["model"] = new JsonObject { ["id"] = model, ["sha256"] = Sha },
            ["classes"] = list,
        };
        if (scores)
        {
            var rois = new JsonArray();
            var floats = new List<float>();
            var roi = 1;
            for (var c = 0; c < classes.Length; c++)
            {
                for (var k = 0; k < counts[c]; k++)
                {
                    rois.Add(roi++);
                    for (var j = 0; j < classes.Length; j++)
                    {
                        floats.Add(j == c ? 0.6f + (0.3f * k / Math.Max(1, counts[c])) : 0.4f / classes.Length);
                    }
                }
            }

            var bytes = new byte[floats.Count * 4];
            Buffer.BlockCopy(floats.ToArray(), 0, bytes, 0, bytes.Length);
            body["scores"] = new JsonObject { ["roiNumbers"] = rois, ["float32Base64"] = Convert.ToBase64String(bytes) };
        }

        return body;
    }

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();
}
