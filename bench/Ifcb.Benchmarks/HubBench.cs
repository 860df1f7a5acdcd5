using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ifcb.Benchmarks;

/// <summary>
/// bench/hub: the hub's ingest rate (bins/s and ROIs/s of pushed bins with per-ROI scores, over HTTP) and the p95
/// latency of a one-year daily series of 5 classes on a database of many bins. Run:
/// <c>dotnet run -c Release --project bench/Ifcb.Benchmarks -- hub [--db CONN] [--bins 200] [--rois 3000] [--classes 100]
/// [--pushers 4] [--series-bins 100000] [--series-classes 100] [--reps 40]</c>.
/// </summary>
internal static class HubBench
{
    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Int(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var db = Arg("--db");
        int bins = Int("--bins", 200), rois = Int("--rois", 3000), classes = Int("--classes", 100), pushers = Int("--pushers", 4);
        int seriesBins = Int("--series-bins", 100_000), seriesClasses = Int("--series-classes", 100), reps = Int("--reps", 40);
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-hub-bench-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = await HubServer.BuildAsync(new HubOptions { DataDir = dir, Db = db, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        var database = app.Services.GetRequiredService<HubDatabase>();
        var token = await app.Services.GetRequiredService<TokenService>().CreateAsync("*", "bench");
        using var client = new HttpClient { BaseAddress = new Uri(HubServer.Address(app)), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine($"database: {database.Describe()}");

        // Ingest: bins of `rois` ROIs x `classes` classes with scores, `pushers` clients at once.
        var names = Enumerable.Range(0, classes).Select(i => "class_" + i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();
        var random = new Random(1);
        var scores = new float[rois * classes];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)random.NextDouble();
        }

        var blob = new byte[scores.Length * 4];
        Buffer.BlockCopy(scores, 0, blob, 0, blob.Length);
        var tail = BuildTail(names, rois, Convert.ToBase64String(blob));
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var bodies = Enumerable.Range(0, bins).Select(i => "{\"bin\":\"" + Lid(t0.AddMinutes(20 * i)) + "\"," + tail).ToArray();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, pushers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bins)
            {
                using var r = await client.PostAsync("/api/v1/datasets/ingest/bins", new StringContent(bodies[i], Encoding.UTF8, "application/json"));
                r.EnsureSuccessStatusCode();
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest: {bins} bins of {rois} ROIs x {classes} classes with scores, {pushers} pushers: {seconds:F1} s, {bins / seconds:F1} bins/s, {bins * (double)rois / seconds:F0} ROIs/s");

        // Series: a dataset of `seriesBins` bins (72 a day) filled directly, then a one-year daily series of 5 classes.
        clock.Restart();
        await FillAsync(database, seriesBins, seriesClasses);
        Console.WriteLine($"filled {seriesBins} bins x {seriesClasses} classes in {clock.Elapsed.TotalSeconds:F0} s");
        var query = "/api/v1/datasets/series/series?model=bench-series&resolution=day&start=2024-01-01&end=2025-01-01&classes="
            + string.Join(',', Enumerable.Range(0, 5).Select(i => "class_" + (i * 7 % seriesClasses).ToString("D3", CultureInfo.InvariantCulture)));
        var times = new List<double>();
        for (var i = 0; i < reps + 3; i++)
        {
            clock.Restart();
            var text = await client.GetStringAsync(query);
            if (i >= 3)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (i == 0 && !text.Contains("\"points\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the series query returned no points");
            }
        }

        times.Sort();
        Console.WriteLine($"series: one-year daily, 5 classes, {seriesBins}-bin database: p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1} ms ({reps} runs after 3 warm-ups)");
        await app.StopAsync();
    }

    private static string Lid(DateTime t) => "D" + t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "_IFCB999";

    private static string BuildTail(string[] names, int rois, string base64)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\"mlAnalyzed\":5.0,\"roiCount\":{rois},\"model\":{{\"id\":\"bench\",\"sha256\":\"{new string('a', 64)}\"}},\"classes\":[");
        for (var i = 0; i < names.Length; i++)
        {
            var w = rois / names.Length;
            sb.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture, $"{{\"name\":\"{names[i]}\",\"winnerCount\":{w},\"aboveThresholdCount\":{w / 2},\"threshold\":0.5}}");
        }

        sb.Append("],\"scores\":{\"roiNumbers\":[").AppendJoin(',', Enumerable.Range(1, rois)).Append("],\"float32Base64\":\"").Append(base64).Append("\"}}");
        return sb.ToString();
    }

    private static async Task FillAsync(HubDatabase database, int bins, int classes)
    {
        await using var db = database.CreateContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ds = new DatasetRow { Name = "series", CreatedMs = 0 };
        var model = new ModelRow { Key = "bench-series", Sha256 = new string('b', 64), ClassCount = classes, CreatedMs = 0 };
        db.Add(ds);
        db.Add(model);
        await db.SaveChangesAsync();
        db.AddRange(Enumerable.Range(0, classes).Select(i => new ModelClassRow { ModelId = model.Id, ClassIndex = i, Name = "class_" + i.ToString("D3", CultureInfo.InvariantCulture) }));
        await db.SaveChangesAsync();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var random = new Random(2);
        const int batch = 500;
        for (var b0 = 0; b0 < bins; b0 += batch)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var binRows = Enumerable.Range(b0, Math.Min(batch, bins - b0)).Select(i => new BinRow
            {
                DatasetId = ds.Id,
                Lid = Lid(DateTimeOffset.FromUnixTimeMilliseconds(start + (i * 1_200_000L)).UtcDateTime),
                SampleTimeMs = start + (i * 1_200_000L),
                Instrument = "IFCB999",
                MlAnalyzed = 5,
                RoiCount = 3000,
            }).ToList();
            db.AddRange(binRows);
            await db.SaveChangesAsync();
            var results = binRows.Select(b => new BinResultRow { BinId = b.Id, ModelId = model.Id, DatasetId = ds.Id, SampleTimeMs = b.SampleTimeMs }).ToList();
            db.AddRange(results);
            await db.SaveChangesAsync();
            foreach (var r in results)
            {
                for (var c = 0; c < classes; c++)
                {
                    var n = random.Next(20);
                    db.Add(new ClassResultRow
                    {
                        BinResultId = r.Id,
                        ClassIndex = c,
                        DatasetId = ds.Id,
                        ModelId = model.Id,
                        SampleTimeMs = r.SampleTimeMs,
                        MlAnalyzed = 5,
                        WinnerCount = n,
                        AboveThresholdCount = n / 2,
                        WinnerPerMl = n / 5.0,
                        WinnerPerL = n * 200.0,
                        AbovePerMl = n / 10.0,
                        AbovePerL = n * 100.0,
                    });
                }
            }

            await db.SaveChangesAsync();
            await tx.CommitAsync();
            db.ChangeTracker.Clear();
        }
    }
}
