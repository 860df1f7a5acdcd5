using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Ifcb.Server.Tests;

/// <summary>The API integration suite; run once on SQLite and once on PostgreSQL by the two sealed classes below.</summary>
public abstract class HubApiTests
{
    /// <summary>A fresh database connection string, or null for the embedded SQLite.</summary>
    protected abstract string? NewDatabase();

    private Task<TestHub> StartAsync(long maxPushBytes = 8 * 1024 * 1024) => TestHub.StartAsync(NewDatabase(), maxPushBytes);

    private static readonly DateTime T0 = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_push_is_stored_once_and_a_repeat_answers_200()
    {
        await using var hub = await StartAsync();
        var lid = Payloads.Lid(T0);
        var first = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(lid, [1, 2, 3, 4, 5], scores: true)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // The same (bin, model) with other counts: the first write wins.
        var second = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(lid, [9, 9, 9, 9, 9], scores: true)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((1, 1, 5, 1), await hub.CountsAsync());
        var bin = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=m1"));
        var counts = bin.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("winnerCount").GetInt32()).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], counts);
        // Concentrations are derived by the server: per L = count / mL x 1000.
        Assert.Equal(2 / 5.0 * 1000, bin.GetProperty("classes")[1].GetProperty("winnerPerL").GetDouble(), 9);
    }

    /// <summary>
    /// Per-ROI scores live in one file per (bin, model) under the data folder, written before the row commits: it reads
    /// back as pushed (in the model's class order when a push lists the classes in another), a repeat or a refused push
    /// leaves no file behind, a row from before the files (scores in the table) still reads, and a lost file answers
    /// 500 with a message instead of wrong data.
    /// </summary>
    [Fact]
    public async Task Scores_are_stored_in_one_file_per_bin_and_model_and_read_back_as_pushed()
    {
        await using var hub = await StartAsync();
        var first = Payloads.Lid(T0);
        await Push(hub, Payloads.Bin(first, [2, 1, 0, 3, 1], scores: true));
        // A known model's push (its file is written before the transaction) with the classes listed in reverse.
        var second = Payloads.Lid(T0.AddHours(1));
        var reversed = Payloads.Bin(second, [1, 3, 0, 1, 2], scores: true, classes: [.. Payloads.Classes.Reverse()]);
        await Push(hub, reversed);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(reversed))).StatusCode);
        var files = hub.ScoreFiles();
        Assert.Equal(2, files.Length);
        Assert.Empty(hub.ScoreFiles(incoming: true));

        await using (var db = hub.Database.CreateContext())
        {
            var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.RoiScores);
            Assert.All(rows, r => Assert.Empty(r.Scores));
            Assert.Equal(files.Select(f => Path.GetRelativePath(hub.Database.Scores.Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal),
                rows.Select(r => r.File!).Order(StringComparer.Ordinal));
            // The documented format: magic, n, k, n ROI numbers, n x k float32.
            var bytes = await File.ReadAllBytesAsync(hub.Database.Scores.Root + "/" + rows.Single(r => r.File!.Contains(second, StringComparison.Ordinal)).File);
            Assert.Equal("IFCBSCR1"u8.ToArray(), bytes[..8]);
            Assert.Equal(7, BitConverter.ToInt32(bytes, 8));
            Assert.Equal(5, BitConverter.ToInt32(bytes, 12));
            Assert.Equal(16 + (7 * 4) + (7 * 5 * 4) + (7 * 12), bytes.Length);
            // The last section: each ROI's winner, score and margin (the first ROI: detritus, 0.6, 0.6 - 0.08).
            var winners = bytes.AsSpan(16 + (7 * 4) + (7 * 5 * 4));
            Assert.Equal(4, BitConverter.ToInt32(winners));
            Assert.Equal(0.6f, BitConverter.ToSingle(winners[4..]));
            Assert.Equal(0.6f - 0.08f, BitConverter.ToSingle(winners[8..]), 6);
        }

        // Model order: the ROIs the reversed push gave to its first class (detritus) are detritus here too.
        var csv = (await hub.Client.GetStringAsync($"/ds/{second}_class_scores.csv")).Trim().Split('\n');
        Assert.Equal("pid," + string.Join(',', Payloads.Classes), csv[0]);
        var firstRoi = csv[1].Split(',').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, Array.IndexOf(firstRoi, firstRoi.Max()));
        Assert.Equal(0.6f, firstRoi[4]);
        var rois = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{second}/rois"));
        Assert.Equal(7, rois.GetProperty("rois").GetArrayLength());

        // A push the database refuses (another file under a stored model id) leaves no file.
        var refused = Payloads.Bin(Payloads.Lid(T0.AddHours(2)), [1, 1, 1, 1, 1], scores: true);
        refused["model"]!["sha256"] = new string('f', 64);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(refused))).StatusCode);
        Assert.Equal(files, hub.ScoreFiles());
        Assert.Empty(hub.ScoreFiles(incoming: true));

        // A hub from before the files kept the scores in the table: such a row still reads, identically.
        var before = await hub.Client.GetStringAsync($"/ds/{first}_class_scores.csv");
        var roisBefore = await hub.Client.GetStringAsync($"/api/v1/datasets/ds/bins/{first}/rois");
        await using (var db = hub.Database.CreateContext())
        {
            var row = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsTracking(db.RoiScores).AsEnumerable().Single(r => r.File!.Contains(first, StringComparison.Ordinal));
            var path = row.File!;
            hub.Database.Scores.Load(row);
            row.File = null;
            await db.SaveChangesAsync();
            hub.Database.Scores.Delete(path);
        }

        Assert.Equal(before, await hub.Client.GetStringAsync($"/ds/{first}_class_scores.csv"));
        Assert.Equal(roisBefore, await hub.Client.GetStringAsync($"/api/v1/datasets/ds/bins/{first}/rois"));

        // A lost file: a clear 500, not an empty or wrong answer.
        File.Delete(hub.ScoreFiles().Single());
        var lost = await hub.Client.GetAsync($"/ds/{second}_class_scores.csv");
        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        Assert.Contains("score file", (await Payloads.ReadJson(lost)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>ifcb serve check</c>'s logic: a result whose file was lost is named (dataset, bin, model), a file no result
    /// references is listed and removed only when old enough (a young one may be a push about to commit).
    /// </summary>
    [Fact]
    public async Task The_score_file_check_names_lost_files_and_removes_only_old_unreferenced_ones()
    {
        await using var hub = await StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(i)), [1, 2, 0, 1, 1], scores: true));
        }

        var files = hub.ScoreFiles();
        File.Delete(files.Single(f => f.Contains(Payloads.Lid(T0.AddHours(1)), StringComparison.Ordinal)));
        var dir = Path.GetDirectoryName(files[0])!;
        var old = Path.Combine(dir, "D20240601T050000_IFCB123.0123456789ab.scores");
        var young = Path.Combine(dir, "D20240601T060000_IFCB123.0123456789ab.scores");
        await File.WriteAllBytesAsync(old, new byte[16]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
        await File.WriteAllBytesAsync(young, new byte[16]);

        var report = await Ifcb.Server.Data.ScoreFileCheck.RunAsync(hub.Database, removeUnreferenced: false, TimeSpan.FromHours(1));
        Assert.Equal((3, 3), (report.Rows, report.InFiles));
        var lost = Assert.Single(report.Broken);
        Assert.Equal(("ds", Payloads.Lid(T0.AddHours(1)), "m1"), (lost.Dataset, lost.Bin, lost.Model));
        Assert.Contains("missing", lost.Problem, StringComparison.Ordinal);
        Assert.Equal(["ds/2024/D20240601T050000_IFCB123.0123456789ab.scores"], report.Unreferenced);
        Assert.True(File.Exists(old));

        report = await Ifcb.Server.Data.ScoreFileCheck.RunAsync(hub.Database, removeUnreferenced: true, TimeSpan.FromHours(1));
        Assert.Equal(1, report.Removed);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
        Assert.Equal(3, hub.ScoreFiles().Length); // two pushed files and the young one
    }

    /// <summary>
    /// A hub upgraded from before the series buckets gets them filled by the migration from the stored class results:
    /// migrating down past SeriesBuckets and up again rebuilds exactly the buckets ingest kept.
    /// </summary>
    [Fact]
    public async Task Upgrading_a_hub_fills_the_series_buckets_from_its_stored_results()
    {
        await using var hub = await StartAsync();
        for (var i = 0; i < 3; i++)
        {
            // Two bins in one hour, a third the next day.
            var lid = Payloads.Lid(T0.AddMinutes(i * 20).AddDays(i == 2 ? 1 : 0));
            var pushed = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(lid, [i, 2, 3, 4, 5 + i], ml: 4 + i)));
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        static async Task<List<string>> BucketsAsync(TestHub hub)
        {
            await using var db = hub.Database.CreateContext();
            return [.. (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.SeriesBuckets))
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.ModelId}/{b.ClassIndex}/{b.WidthMs}/{b.StartMs}: {b.Bins} {b.MlAnalyzed:R} {b.WinnerCount} {b.AboveThresholdCount} {b.CorrectedBins}"))
                .Order(StringComparer.Ordinal)];
        }

        var kept = await BucketsAsync(hub);
        Assert.Equal(5 * (2 + 2), kept.Count); // 5 classes x (2 hour buckets + 2 day buckets)
        await using (var db = hub.Database.CreateContext())
        {
            var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db.Database);
            await migrator.MigrateAsync("HumanValidation");
            await migrator.MigrateAsync();
        }

        Assert.Equal(kept, await BucketsAsync(hub));
    }

    [Fact]
    public async Task A_satellite_message_is_stored_as_a_push_once_and_bad_messages_are_refused()
    {
        // Given a hub that knows model m1 (one bin pushed over IP) and the modem 300234010000001 as dataset "ds"
        await using var hub = await TestHub.StartAsync(NewDatabase(), imei: new Dictionary<string, string> { ["300234010000001"] = "ds" });
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0])))).StatusCode);
        var lid = Payloads.Lid(T0.AddMinutes(20));
        var message = Ifcb.Telemetry.SbdMessage.Encode(new Ifcb.Telemetry.SbdMessage
        {
            Bin = lid,
            MlAnalyzed = 4.0,
            RoiCount = 30,
            ModelHash = Ifcb.Telemetry.SbdMessage.ShortHash(Payloads.Sha),
            AboveThreshold = [2, 0, 7, 1, 0],
            Winners = [3, 1, 9, 2, 15],
        }).Bytes;
        FormUrlEncodedContent Form(string imei, byte[] data) => new(new Dictionary<string, string>
        {
            ["imei"] = imei,
            ["momsn"] = "17",
            ["transmit_time"] = "24-06-01 00:41:07",
            ["iridium_latitude"] = "41.3",
            ["iridium_longitude"] = "-70.5",
            ["iridium_cep"] = "3",
            ["data"] = Convert.ToHexString(data),
        });
        using var provider = new HttpClient { BaseAddress = hub.Client.BaseAddress };

        // When the provider posts it twice (a retry), and the instrument later pushes the same bin over IP
        var first = await provider.PostAsync("/api/v1/telemetry/rockblock", Form("300234010000001", message));
        var again = await provider.PostAsync("/api/v1/telemetry/rockblock", Form("300234010000001", message));
        var overIp = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(lid, [3, 1, 9, 2, 15], ml: 4.0)));

        // Then it is stored once, with the message's counts and the server-derived concentrations
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overIp.StatusCode);
        var bin = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=m1"));
        var classes = bin.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal([3, 1, 9, 2, 15], classes.Select(c => c.GetProperty("winnerCount").GetInt32()));
        Assert.Equal([2, 0, 7, 1, 0], classes.Select(c => c.GetProperty("aboveThresholdCount").GetInt32()));
        Assert.Equal(9 / 4.0 * 1000, classes[2].GetProperty("winnerPerL").GetDouble(), 9);
        Assert.Equal((2, 2, 10, 0), await hub.CountsAsync());

        // And an unknown modem gets 403, a corrupted message and a message of an unknown model 400, storing nothing
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.PostAsync("/api/v1/telemetry/rockblock", Form("300234019999999", message))).StatusCode);
        var corrupted = (byte[])message.Clone();
        corrupted[^3] ^= 0x40;
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsync("/api/v1/telemetry/rockblock", Form("300234010000001", corrupted))).StatusCode);
        var other = Ifcb.Telemetry.SbdMessage.Encode(new Ifcb.Telemetry.SbdMessage
        {
            Bin = Payloads.Lid(T0.AddMinutes(40)),
            MlAnalyzed = 4.0,
            RoiCount = 1,
            ModelHash = "0badc0de",
            AboveThreshold = [1, 0, 0, 0, 0],
        }).Bytes;
        var unknown = await provider.PostAsync("/api/v1/telemetry/rockblock", Form("300234010000001", other));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("0badc0de", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((2, 2, 10, 0), await hub.CountsAsync());
    }

    [Fact]
    public async Task The_exists_check_answers_200_for_a_stored_model_and_404_otherwise()
    {
        await using var hub = await StartAsync();
        var lid = Payloads.Lid(T0);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=m1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(lid, [1, 0, 0, 0, 0])))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=m1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=other")).StatusCode);
    }

    [Fact]
    public async Task Writes_without_a_valid_token_get_401_and_another_datasets_token_403()
    {
        await using var hub = await StartAsync();
        var body = Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0]);
        using var anonymous = new HttpClient { BaseAddress = hub.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(body))).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ifcb_not_a_token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hub.Client.PostAsync("/api/v1/datasets/other/bins", Payloads.Json(body))).StatusCode);
        Assert.Equal((0, 0, 0, 0), await hub.CountsAsync());
    }

    /// <summary>Bad payloads: each gets 400 naming the field, and nothing is written.</summary>
    public static TheoryData<string, string> BadPayloads => new()
    {
        { "malformed", "*" },
        { "unknown-class", "classes[0].name" },
        { "negative-count", "classes[1].winnerCount" },
        { "nan-volume", "mlAnalyzed" },
        { "nan-literal", "mlAnalyzed" },
        { "bad-bin-id", "bin" },
        { "fractional-count", "classes[0].winnerCount" },
        { "scores-wrong-size", "scores.float32Base64" },
        { "missing-class", "classes" },
        { "bad-sha", "model.sha256" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task A_bad_payload_gets_400_naming_the_field_and_writes_nothing(string which, string field)
    {
        await using var hub = await StartAsync();
        // The model is known first, so that "unknown class" and "missing class" can be judged.
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0])))).StatusCode);
        var before = await hub.CountsAsync();
        var node = Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [1, 2, 3, 4, 5], scores: true);
        string text;
        switch (which)
        {
            case "malformed":
                text = node.ToJsonString()[..^3];
                break;
            case "unknown-class":
                node["classes"]![0]!["name"] = "Unicornium";
                text = node.ToJsonString();
                break;
            case "negative-count":
                node["classes"]![1]!["winnerCount"] = -1;
                text = node.ToJsonString();
                break;
            case "nan-volume":
                text = node.ToJsonString().Replace("\"mlAnalyzed\":5", "\"mlAnalyzed\":\"NaN\"", StringComparison.Ordinal);
                break;
            case "nan-literal":
                text = node.ToJsonString().Replace("\"mlAnalyzed\":5", "\"mlAnalyzed\":NaN", StringComparison.Ordinal);
                break;
            case "bad-bin-id":
                node["bin"] = "not-a-bin";
                text = node.ToJsonString();
                break;
            case "fractional-count":
                text = node.ToJsonString().Replace("\"winnerCount\":1,", "\"winnerCount\":1.5,", StringComparison.Ordinal);
                break;
            case "scores-wrong-size":
                node["scores"]!["float32Base64"] = Convert.ToBase64String(new byte[12]);
                text = node.ToJsonString();
                break;
            case "missing-class":
                ((JsonArray)node["classes"]!).RemoveAt(4);
                node.Remove("scores");
                text = node.ToJsonString();
                break;
            default:
                node["model"]!["sha256"] = "xyz";
                text = node.ToJsonString();
                break;
        }

        var response = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", new StringContent(text, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Payloads.ReadJson(response);
        // A malformed document is named by the JSON path where reading stopped.
        Assert.Equal(field == "*" ? error.GetProperty("field").GetString() : field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("field").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
        Assert.Equal(before, await hub.CountsAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_whether_its_length_is_declared_or_not()
    {
        await using var hub = await StartAsync(maxPushBytes: 256 * 1024);
        var node = Payloads.Bin(Payloads.Lid(T0), [3000, 3000, 3000, 3000, 3000], scores: true);
        var text = node.ToJsonString();
        Assert.True(text.Length > 256 * 1024);
        var declared = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", new StringContent(text, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets/ds/bins") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var streamed = await hub.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal((0, 0, 0, 0), await hub.CountsAsync());
    }

    [Fact]
    public async Task The_series_sums_counts_over_volume_per_day_hour_or_bin_in_json_and_csv()
    {
        await using var hub = await StartAsync();
        // Day 1: two bins (2 in 5 mL, 4 in 3 mL); day 2: one bin (1 in 4 mL).
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [0, 2, 0, 0, 0], ml: 5));
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(5)), [0, 4, 0, 0, 0], ml: 3));
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddDays(1)), [0, 1, 7, 0, 0], ml: 4));
        var day = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/series?classes=Dinophysis_acuminata,Pseudo-nitzschia&resolution=day"));
        var dino = day.GetProperty("series")[0].GetProperty("points");
        Assert.Equal(2, dino.GetArrayLength());
        Assert.Equal(6 / 8.0 * 1000, dino[0].GetProperty("perL").GetDouble(), 9);
        Assert.Equal(1 / 4.0 * 1000, dino[1].GetProperty("perL").GetDouble(), 9);
        Assert.Equal(7 / 4.0, day.GetProperty("series")[1].GetProperty("points")[1].GetProperty("perMl").GetDouble(), 9);
        var bins = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/series?classes=Dinophysis_acuminata&resolution=bin&start=2024-06-01T02:00:00Z"));
        Assert.Equal(2, bins.GetProperty("series")[0].GetProperty("points").GetArrayLength());
        var csv = await hub.Client.GetStringAsync("/api/v1/datasets/ds/series?classes=Dinophysis_acuminata&resolution=hour&format=csv");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.StartsWith("time,class,bins,count,ml_analyzed,cells_per_ml,cells_per_l", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        var bad = await hub.Client.GetAsync("/api/v1/datasets/ds/series?classes=Nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Bins_page_through_a_time_range_and_export_in_the_dashboard_shape()
    {
        await using var hub = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(i)), [i, 0, 0, 0, 1], scores: true));
        }

        var page = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/bins?start=2024-06-01T01:00:00Z&end=2024-06-01T04:00:00Z&offset=1&limit=5"));
        var lids = page.GetProperty("bins").EnumerateArray().Select(b => b.GetProperty("bin").GetString()!).ToArray();
        Assert.Equal([Payloads.Lid(T0.AddHours(2)), Payloads.Lid(T0.AddHours(3))], lids);
        var meta = (await hub.Client.GetStringAsync("/api/export_metadata/ds")).TrimEnd('\n').Split('\n');
        Assert.Equal("dataset,pid,sample_time,ifcb,ml_analyzed,latitude,longitude,depth,cruise,cast,niskin,sample_type,n_images,comment_summary,trigger_selection,skip", meta[0]);
        Assert.Equal(6, meta.Length);
        Assert.StartsWith("ds,D20240601T000000_IFCB123,2024-06-01 00:00:00+00:00,123,5,", meta[1], StringComparison.Ordinal);
        var lid = Payloads.Lid(T0.AddHours(3));
        var scores = (await hub.Client.GetStringAsync($"/ds/{lid}_class_scores.csv")).TrimEnd('\n').Split('\n');
        Assert.Equal("pid," + string.Join(',', Payloads.Classes), scores[0]);
        Assert.Equal(4 + 1, scores.Length);
        Assert.StartsWith(lid + "_00001,", scores[1], StringComparison.Ordinal);
        var first = scores[1].Split(',').Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0, Array.IndexOf(first, first.Max()));
    }

    [Fact]
    public async Task Several_models_per_bin_are_kept_and_the_newest_is_the_default()
    {
        await using var hub = await StartAsync();
        var lid = Payloads.Lid(T0);
        await Push(hub, Payloads.Bin(lid, [1, 0, 0, 0, 0], model: "old"));
        await Push(hub, Payloads.Bin(lid, [0, 0, 0, 2], model: "new", classes: ["a", "b", "c", "Karenia_brevis"]));
        var bin = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}"));
        Assert.Equal("new", bin.GetProperty("model").GetString());
        Assert.Equal(2, bin.GetProperty("models").GetArrayLength());
        var old = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{lid}?model=old"));
        Assert.Equal(5, old.GetProperty("classes").GetArrayLength());
        Assert.Equal((1, 2, 9, 0), await hub.CountsAsync());
    }

    [Fact]
    public async Task Default_hab_rules_are_seeded_an_event_is_recorded_once_per_crossing_bin_and_rules_are_editable()
    {
        await using var hub = await StartAsync();
        // 1 Alexandrium in 5 mL = 200 cells/L: above the seeded 100 cells/L.
        await Push(hub, Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0]));
        await Push(hub, Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0]));
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [0, 0, 0, 3, 0]));
        var rules = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/alert-rules"));
        var names = rules.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order().ToArray();
        Assert.Equal(["Alexandrium", "Dinophysis", "Pseudo-nitzschia"], names);
        var events = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/alerts?dataset=ds"));
        Assert.Equal(1, events.GetArrayLength());
        Assert.Equal("Alexandrium", events[0].GetProperty("rule").GetString());
        Assert.Equal(200, events[0].GetProperty("valuePerL").GetDouble(), 9);

        // Raise the level above 200: the next such bin raises nothing; add a rule on a group of classes.
        var alex = rules.EnumerateArray().First(r => r.GetProperty("name").GetString() == "Alexandrium").GetProperty("id").GetInt32();
        var put = await hub.Client.PutAsync($"/api/v1/datasets/ds/alert-rules/{alex}", Payloads.Json(new JsonObject { ["levelPerL"] = 500 }));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var created = await hub.Client.PostAsync("/api/v1/datasets/ds/alert-rules", Payloads.Json(new JsonObject
        {
            ["name"] = "toxic dinoflagellates",
            ["classes"] = new JsonArray("Alexandrium_catenella", "Dinophysis_acuminata"),
            ["levelPerL"] = 300,
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(2)), [1, 1, 0, 0, 0]));
        events = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/alerts?dataset=ds"));
        Assert.Equal(["toxic dinoflagellates", "Dinophysis", "Alexandrium"], events.EnumerateArray().Select(e => e.GetProperty("rule").GetString()!).ToArray());
        using var anonymous = new HttpClient { BaseAddress = hub.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/v1/datasets/ds/alert-rules/{alex}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hub.Client.DeleteAsync($"/api/v1/datasets/ds/alert-rules/{alex}")).StatusCode);
    }

    [Fact]
    public async Task An_alert_webhook_is_delivered_from_the_outbox_after_the_receiver_first_fails()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 3);
        await using var hub = await StartAsync();
        await Push(hub, Payloads.Bin(Payloads.Lid(T0), [0, 0, 0, 0, 1]));
        var created = await hub.Client.PostAsync("/api/v1/datasets/ds/alert-rules", Payloads.Json(new JsonObject
        {
            ["classes"] = new JsonArray("detritus"),
            ["levelPerL"] = 100,
            ["webhookUrl"] = receiver.Url,
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var started = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [0, 0, 0, 0, 2])))).StatusCode);
        // Ingest did not wait for the failing webhook.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        var body = await receiver.Delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(Payloads.Lid(T0.AddHours(1)), json.RootElement.GetProperty("bin").GetString());
        Assert.Equal(400, json.RootElement.GetProperty("valuePerL").GetDouble(), 9);
        Assert.True(receiver.Calls >= 4);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_push_endpoint()
    {
        await using var hub = await StartAsync();
        var doc = await Payloads.ReadJson(await hub.Client.GetAsync("/openapi/v1.json"));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/datasets/{dataset}/bins", out var push));
        Assert.True(push.TryGetProperty("post", out _));
    }

    [Fact]
    public async Task A_bin_without_a_volume_is_stored_with_null_concentrations_and_left_out_of_the_series()
    {
        await using var hub = await StartAsync();
        await Push(hub, Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [0, 2, 0, 0, 0], ml: 5));
        var missing = Payloads.Bin(Payloads.Lid(T0.AddHours(2)), [0, 4, 0, 0, 0]);
        missing.Remove("mlAnalyzed");
        var zero = Payloads.Bin(Payloads.Lid(T0.AddHours(3)), [0, 8, 0, 0, 0], ml: 0);
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(missing))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(zero))).StatusCode);
        // A repeat of a counted bin changes nothing either.
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [0, 2, 0, 0, 0], ml: 5)))).StatusCode);
        Assert.Equal((3, 3, 15, 0), await hub.CountsAsync());

        foreach (var hours in new[] { 2, 3 })
        {
            var bin = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/bins/{Payloads.Lid(T0.AddHours(hours))}?model=m1"));
            Assert.Equal(JsonValueKind.Null, bin.GetProperty("metadata").GetProperty("mlAnalyzed").ValueKind);
            Assert.Equal(hours == 2 ? 4 : 8, bin.GetProperty("classes")[1].GetProperty("winnerCount").GetInt32());
            Assert.Equal(JsonValueKind.Null, bin.GetProperty("classes")[1].GetProperty("winnerPerL").ValueKind);
        }

        foreach (var resolution in new[] { "day", "hour", "bin" })
        {
            var series = await Payloads.ReadJson(await hub.Client.GetAsync($"/api/v1/datasets/ds/series?classes=Dinophysis_acuminata&resolution={resolution}"));
            var points = series.GetProperty("series")[0].GetProperty("points");
            Assert.Equal(1, points.GetArrayLength());
            Assert.Equal(1, points[0].GetProperty("bins").GetInt32());
            Assert.Equal(2 / 5.0 * 1000, points[0].GetProperty("perL").GetDouble(), 9);
        }

        // A negative volume is still a broken payload.
        var negative = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0.AddHours(4)), [0, 1, 0, 0, 0], ml: -1)));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal("mlAnalyzed", (await Payloads.ReadJson(negative)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_series_buckets_sum_hours_and_days_with_corrected_counts_as_the_bins_do()
    {
        await using var hub = await StartAsync();
        // Three bins in one hour of one day, with corrected counts on two of them, one more in the next hour.
        var times = new[] { T0.AddMinutes(5), T0.AddMinutes(25), T0.AddMinutes(45), T0.AddMinutes(65) };
        for (var i = 0; i < times.Length; i++)
        {
            var body = Payloads.Bin(Payloads.Lid(times[i]), [0, i + 1, 0, 0, 0], ml: 2 + i);
            if (i != 1)
            {
                body["classes"]![1]!["corrected"] = new JsonObject { ["method"] = "acc", ["count"] = i + 0.5, ["low"] = i, ["high"] = i + 1 };
            }

            await Push(hub, body);
        }

        var hour = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/series?classes=Dinophysis_acuminata&resolution=hour"));
        var points = hour.GetProperty("series")[0].GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.Equal(3, points[0].GetProperty("bins").GetInt32());
        Assert.Equal(6 / 9.0 * 1000, points[0].GetProperty("perL").GetDouble(), 9);
        // Not every bin of the first hour has a corrected count: the bucket shows none; the second hour has one.
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("correctedPerL").ValueKind);
        Assert.Equal(3.5 / 5 * 1000, points[1].GetProperty("correctedPerL").GetDouble(), 9);
        Assert.Equal(3.0 / 5 * 1000, points[1].GetProperty("correctedLowPerL").GetDouble(), 9);
        var day = await Payloads.ReadJson(await hub.Client.GetAsync("/api/v1/datasets/ds/series?classes=Dinophysis_acuminata&resolution=day&counts=above"));
        var d = day.GetProperty("series")[0].GetProperty("points");
        Assert.Equal(1, d.GetArrayLength());
        Assert.Equal(4, d[0].GetProperty("bins").GetInt32());
        Assert.Equal((0 + 1 + 1 + 2) / 14.0, d[0].GetProperty("perMl").GetDouble(), 9);
        Assert.Equal(T0, DateTime.Parse(d[0].GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
    }

    [Fact]
    public async Task A_compact_binary_push_stores_what_the_json_push_stores()
    {
        await using var hub = await StartAsync();
        var json = Payloads.Bin(Payloads.Lid(T0), [1, 2, 3, 0, 1], scores: true);
        await Push(hub, json);
        var binaryLid = Payloads.Lid(T0.AddHours(1));
        var node = Payloads.Bin(binaryLid, [1, 2, 3, 0, 1], scores: true);
        var rois = node["scores"]!["roiNumbers"]!.AsArray().Select(r => (int)r!).ToArray();
        var floats = new float[Convert.FromBase64String((string)node["scores"]!["float32Base64"]!).Length / 4];
        Buffer.BlockCopy(Convert.FromBase64String((string)node["scores"]!["float32Base64"]!), 0, floats, 0, floats.Length * 4);
        node.Remove("scores");
        var body = Ifcb.Server.Ingest.BinaryPush.Encode(Encoding.UTF8.GetBytes(node.ToJsonString()), rois, floats);
        HttpContent Binary(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ifcb-push");
            return content;
        }

        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Binary(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Binary(body))).StatusCode);
        var a = (await hub.Client.GetStringAsync($"/ds/{Payloads.Lid(T0)}_class_scores.csv")).Replace(Payloads.Lid(T0), "X", StringComparison.Ordinal);
        var b = (await hub.Client.GetStringAsync($"/ds/{binaryLid}_class_scores.csv")).Replace(binaryLid, "X", StringComparison.Ordinal);
        Assert.Equal(a, b);
        Assert.Equal((2, 2, 10, 2), await hub.CountsAsync());

        // Broken framing: a wrong magic, scores that are not whole ROIs, a non-finite score.
        var badMagic = (byte[])body.Clone();
        badMagic[0] = (byte)'X';
        var ragged = body[..^4];
        floats[7] = float.NaN;
        var nan = Ifcb.Server.Ingest.BinaryPush.Encode(Encoding.UTF8.GetBytes(node.ToJsonString().Replace(binaryLid, Payloads.Lid(T0.AddHours(2)), StringComparison.Ordinal)), rois, floats);
        foreach (var bad in new[] { badMagic, ragged, nan })
        {
            var response = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Binary(bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal((2, 2, 10, 2), await hub.CountsAsync());
    }

    [Fact]
    public async Task Tokens_are_listed_without_secrets_and_a_revoked_token_gets_401()
    {
        await using var hub = await StartAsync();
        var tokens = hub.App.Services.GetRequiredService<Ifcb.Server.Auth.TokenService>();
        var second = await tokens.CreateAsync("ds", "station laptop");
        using var client = new HttpClient { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0), [1, 0, 0, 0, 0])))).StatusCode);

        var list = await tokens.ListAsync();
        Assert.Equal(2, list.Count);
        var mine = list.Single(t => t.Name == "station laptop");
        Assert.StartsWith(mine.Prefix, second, StringComparison.Ordinal);
        Assert.True(mine.Prefix.Length < second.Length / 2);
        Assert.Null(mine.Revoked);

        Assert.True(await tokens.RevokeAsync(mine.Id));
        Assert.True(await tokens.RevokeAsync(mine.Id));
        Assert.False(await tokens.RevokeAsync(9999));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [1, 0, 0, 0, 0])))).StatusCode);
        Assert.NotNull((await tokens.ListAsync()).Single(t => t.Id == mine.Id).Revoked);
        // The other token still works.
        Assert.Equal(HttpStatusCode.Created, (await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(T0.AddHours(1)), [1, 0, 0, 0, 0])))).StatusCode);
    }

    private static async Task Push(TestHub hub, JsonObject body)
    {
        var response = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The API suite on the embedded SQLite database.</summary>
public sealed class SqliteHubApiTests : HubApiTests
{
    protected override string? NewDatabase() => null;

    /// <summary>The Dashboard's /data/{bin}.zip: the raw .hdr, .adc and .roi of a bin in --raw, byte for byte (no database involved).</summary>
    [Fact]
    public async Task A_raw_bin_is_served_as_one_zip()
    {
        var raw = Path.Combine(Path.GetTempPath(), "ifcb-hub-raw-" + Guid.NewGuid().ToString("N")[..8]);
        Ifcb.Testing.TestData.CopyBin(Ifcb.Testing.TestBins.McLane, raw);
        try
        {
            await using var hub = await TestHub.StartAsync(null, raw: [raw]);
            var lid = Path.GetFileName(Ifcb.Testing.TestBins.McLane);
            var response = await hub.Client.GetAsync($"/data/{lid}.zip");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            Assert.Equal([lid + ".adc", lid + ".hdr", lid + ".roi"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(raw, entry.FullName)), copy.ToArray());
            }

            Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync("/data/D20990101T000000_IFCB1.zip")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync("/data/nonsense.zip")).StatusCode);
            Assert.Contains($"/data/' + hub.enc(bin) + '.zip'", await hub.Client.GetStringAsync("/bin?dataset=ds&bin=" + lid), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(raw, recursive: true);
        }
    }

    /// <summary>The one set of migrations matches the model: a schema change without a migration fails here.</summary>
    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var hub = await TestHub.StartAsync(null);
        await using var db = hub.Database.CreateContext();
        Assert.False(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database));
        Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database));
    }
}

/// <summary>The API suite on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHubApiTests(PostgresCluster cluster) : HubApiTests
{
    protected override string? NewDatabase() => cluster.CreateDatabase();
}
