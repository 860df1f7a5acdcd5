using CsCheck;
using Ifcb.Telemetry;

namespace Ifcb.Edge.Tests;

public sealed class TelemetryTests
{
    private const string Sha = "c52a67d3f00dbabe0123456789abcdef0123456789abcdef0123456789abcdef";

    private static SbdMessage Message(int[] above, int[]? winners, double ml = 4.83, string bin = "D20240101T000000_IFCB123") => new()
    {
        Bin = bin,
        MlAnalyzed = ml,
        RoiCount = (winners ?? above).Sum(),
        ModelHash = SbdMessage.ShortHash(Sha),
        AboveThreshold = above,
        Winners = winners,
    };

    // A realistic bin: a few thousand ROIs over a long-tailed class distribution (a handful of classes take most).
    private static readonly Gen<(int[] Above, int[] Winners)> RealBin =
        Gen.Select(Gen.Int[1000, 6000], Gen.Int[0, 1 << 30], Gen.Int[100, 160]).Select((rois, seed, classes) =>
        {
            var rng = new Random(seed);
            var weights = Enumerable.Range(0, classes).Select(i => Math.Pow(rng.NextDouble(), 6) / (1 + i % 7)).ToArray();
            var total = weights.Sum();
            var winners = new int[classes];
            for (var r = 0; r < rois; r++)
            {
                var u = rng.NextDouble() * total;
                var c = 0;
                while (c < classes - 1 && (u -= weights[c]) > 0)
                {
                    c++;
                }

                winners[c]++;
            }

            var above = winners.Select(w => (int)(w * (0.5 + (rng.NextDouble() / 2)))).ToArray();
            return (above, winners);
        });

    [Fact]
    public void Round_trips_random_count_vectors()
    {
        Gen.Select(Gen.Int[1, 300], Gen.Int[0, 1 << 30], Gen.Double[0, 20]).Sample((classes, seed, ml) =>
        {
            var rng = new Random(seed);
            var winners = Enumerable.Range(0, classes).Select(_ => rng.Next(4) == 0 ? rng.Next(0, 100_000) : 0).ToArray();
            var above = winners.Select(w => w == 0 ? 0 : rng.Next(0, w + 1)).ToArray();
            var encoded = SbdMessage.Encode(Message(above, winners, ml), maxBytes: 100_000);
            Assert.False(encoded.Lossy);
            var back = SbdMessage.Decode(encoded.Bytes);
            Assert.Equal(above, back.AboveThreshold);
            Assert.Equal(winners, back.Winners);
            Assert.Equal(Math.Round(ml, 3), back.MlAnalyzed, 9);
            Assert.Equal("D20240101T000000_IFCB123", back.Bin);
            Assert.Equal("c52a67d3", back.ModelHash);
            Assert.Equal(winners.Sum(), back.RoiCount);
        });
    }

    [Fact]
    public void A_realistic_150_class_bin_fits_one_message_without_loss()
    {
        RealBin.Sample(bin =>
        {
            var encoded = SbdMessage.Encode(Message(bin.Above, bin.Winners));
            Assert.True(encoded.Bytes.Length <= SbdMessage.MaxMobileOriginatedBytes, $"{encoded.Bytes.Length} bytes");
            var back = SbdMessage.Decode(encoded.Bytes);
            Assert.Equal(bin.Above, back.AboveThreshold);
            if (!encoded.WinnersDropped)
            {
                Assert.Equal(bin.Winners, back.Winners);
            }

            Assert.Empty(encoded.DroppedClasses);
        });
    }

    [Fact]
    public void Every_class_present_at_the_worst_case_still_fits_and_says_what_it_dropped()
    {
        // 150 classes all with 3-byte counts (>= 16384) cannot fit: the smallest go, and the message says how many
        // and their total; the kept ones come back exact.
        var above = Enumerable.Range(0, 150).Select(i => 20_000 + i).ToArray();
        var encoded = SbdMessage.Encode(Message(above, above));
        Assert.True(encoded.WinnersDropped);
        Assert.NotEmpty(encoded.DroppedClasses);
        Assert.True(encoded.Bytes.Length <= 340);
        var back = SbdMessage.Decode(encoded.Bytes);
        Assert.Null(back.Winners);
        Assert.Equal(encoded.DroppedClasses.Count, back.DroppedClasses);
        Assert.Equal(encoded.DroppedClasses.Sum(i => above[i]), back.DroppedCount);
        for (var i = 0; i < 150; i++)
        {
            Assert.Equal(encoded.DroppedClasses.Contains(i) ? 0 : above[i], back.AboveThreshold[i]);
        }

        // The smallest counts are the ones dropped.
        var kept = Enumerable.Range(0, 150).Except(encoded.DroppedClasses).ToList();
        Assert.True(encoded.DroppedClasses.Max(i => above[i]) <= kept.Min(i => above[i]));
    }

    [Fact]
    public void Corrupted_messages_are_rejected()
    {
        RealBin.Select(Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((bin, where, flip) =>
        {
            var bytes = SbdMessage.Encode(Message(bin.Above, bin.Winners)).Bytes;
            var damaged = (byte[])bytes.Clone();
            damaged[where % damaged.Length] ^= flip;
            Assert.Throws<TelemetryFormatException>(() => SbdMessage.Decode(damaged));
            Assert.Throws<TelemetryFormatException>(() => SbdMessage.Decode(bytes.AsSpan(0, where % bytes.Length)));
        });
    }

    [Fact]
    public void V1_bin_ids_and_unknown_volumes_round_trip()
    {
        var message = Message([0, 5, 0, 2], [1, 5, 0, 3], double.NaN, "IFCB5_2012_028_081515");
        var back = SbdMessage.Decode(SbdMessage.Encode(message).Bytes);
        Assert.Equal("IFCB5_2012_028_081515", back.Bin);
        Assert.True(double.IsNaN(back.MlAnalyzed));
        Assert.Equal([1, 5, 0, 3], back.Winners);
    }

    [Fact]
    public void Webhook_form_parses_into_a_typed_message()
    {
        var bytes = SbdMessage.Encode(Message([3, 0, 7], [3, 1, 7])).Bytes;
        var form = new Dictionary<string, string>
        {
            ["imei"] = "300434063225740",
            ["momsn"] = "12",
            ["transmit_time"] = "24-01-01 00:21:05",
            ["iridium_latitude"] = "41.5234",
            ["iridium_longitude"] = "-70.6712",
            ["iridium_cep"] = "3",
            ["data"] = Convert.ToHexString(bytes),
        };
        var parsed = RockBlockWebhook.Parse(form);
        Assert.Equal("300434063225740", parsed.Imei);
        Assert.Equal(12, parsed.Momsn);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 21, 5, TimeSpan.Zero), parsed.TransmitTime);
        Assert.Equal(41.5234, parsed.Latitude);
        Assert.Equal(-70.6712, parsed.Longitude);
        Assert.Equal(3, parsed.CepKm);
        Assert.Equal([3, 0, 7], SbdMessage.Decode(parsed.Data).AboveThreshold);
    }

    [Theory]
    [InlineData("imei", "12ab", "imei")]
    [InlineData("imei", null, "imei")]
    [InlineData("momsn", "-1", "momsn")]
    [InlineData("transmit_time", "yesterday", "transmit_time")]
    [InlineData("iridium_latitude", "95", "iridium_latitude")]
    [InlineData("data", "abc", "data")]
    [InlineData("data", "zz", "data")]
    [InlineData("data", null, "data")]
    public void Bad_webhook_forms_name_the_field(string field, string? value, string expected)
    {
        var form = new Dictionary<string, string>
        {
            ["imei"] = "300434063225740",
            ["momsn"] = "12",
            ["transmit_time"] = "24-01-01 00:21:05",
            ["data"] = "b1",
        };
        if (value is null)
        {
            form.Remove(field);
        }
        else
        {
            form[field] = value;
        }

        var ex = Assert.Throws<TelemetryFormatException>(() => RockBlockWebhook.Parse(form));
        Assert.Equal(expected, ex.Field);
    }
}
