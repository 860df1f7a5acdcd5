using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Ifcb.Server.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ifcb.Benchmarks;

/// <summary>
/// bench/hub: the hub's ingest rate (bins/s and ROIs/s of pushed bins with per-ROI scores, over HTTP, compact binary
/// body and JSON body) and the p50/p95 latency of a one-year daily series of 5 classes on a database of many bins,
/// on SQLite and on PostgreSQL (a private cluster started here, or <c>--db CONN</c> for one database only). Run:
/// <c>dotnet run -c Release --project bench/Ifcb.Benchmarks -- hub [--db CONN | --sqlite-only] [--bins 300] [--rois 3000]
/// [--classes 100] [--pushers 4] [--series-bins 100000] [--series-classes 100] [--reps 40]</c>. Prints one table.
/// </summary>
internal static class HubBench
{

    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Int(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var settings = new Settings(Int("--bins", 300), Int("--rois", 3000), Int("--classes", 100), Int("--pushers", 4),
            Int("--series-bins", 100_000), Int("--series-classes", 100), Int("--reps", 40));
        var flags = CpuFlags();
        Console.WriteLine($"CPU: {flags}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        var rows = new List<string[]>();
        var total = Stopwatch.StartNew();
        if (Arg("--db") is { } db)
        {
            rows.AddRange(await RunOneAsync(db, settings));
        }
        else
        {
            rows.AddRange(await RunOneAsync(null, settings));
            if (!args.Contains("--sqlite-only"))
            {
                // A private PostgreSQL 15 cluster as the tests start one, but with PostgreSQL's default durability.
                using var cluster = Ifcb.Testing.PostgresCluster.Durable();
                try
                {
                    rows.AddRange(await RunOneAsync(cluster.CreateDatabase(), settings));
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"hub bench: {settings.Bins} pushed bins of {settings.Rois} ROIs x {settings.Classes} classes with per-ROI scores, {settings.Pushers} pushers; "
            + $"series: one-year daily, 5 classes, {settings.SeriesBins}-bin x {settings.SeriesClasses}-class database, {settings.Reps} runs after 3 warm-ups");
        Console.WriteLine($"CPU flags: {flags}; {Environment.ProcessorCount} cores; load average at the end {LoadAverage()}; total {total.Elapsed.TotalSeconds:F0} s");
        string[] header = ["db", "push body", "bins/s", "ROIs/s", "bench CPU ms/bin", "postgres CPU ms/bin", "fill bins/s", "series p50 ms", "series p95 ms"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine("| " + string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))) + " |");
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var r in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", r.Select((c, i) => c.PadRight(widths[i]))) + " |");
        }
    }

    private sealed record Settings(int Bins, int Rois, int Classes, int Pushers, int SeriesBins, int SeriesClasses, int Reps);

    private static async Task<List<string[]>> RunOneAsync(string? db, Settings s)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-hub-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var app = await HubServer.BuildAsync(new HubOptions { DataDir = dir, Db = db, Urls = "http://127.0.0.1:0" });
        try
        {
            await app.StartAsync();
            var database = app.Services.GetRequiredService<HubDatabase>();
            var name = database.IsPostgres ? "PostgreSQL" : "SQLite";
            var token = await app.Services.GetRequiredService<TokenService>().CreateAsync("*", "bench");
            using var client = new HttpClient { BaseAddress = new Uri(HubServer.Address(app)), Timeout = TimeSpan.FromMinutes(5) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Console.WriteLine($"database: {database.Describe()}");

            // Ingest: bins of `rois` ROIs x `classes` classes with scores, `pushers` clients at once, each body kind.
            var classNames = Enumerable.Range(0, s.Classes).Select(i => "class_" + i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();
            var random = new Random(1);
            var scores = new float[s.Rois * s.Classes];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = (float)random.NextDouble();
            }

            var roiNumbers = Enumerable.Range(1, s.Rois).ToArray();
            var head = BuildHead(classNames, s.Rois);
            var blob = new byte[scores.Length * 4];
            Buffer.BlockCopy(scores, 0, blob, 0, blob.Length);
            var jsonTail = head + ",\"scores\":{\"roiNumbers\":[" + string.Join(',', roiNumbers) + "],\"float32Base64\":\"" + Convert.ToBase64String(blob) + "\"}}";
            var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var rows = new List<string[]>();
            var offset = 0;
            foreach (var body in new[] { "binary", "json" })
            {
                var bins = body == "binary" ? s.Bins : Math.Max(s.Pushers, s.Bins / 3);
                var first = offset;
                offset += bins;
                // Bodies are built by the pushers as they go: client serialisation is part of the measure.
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var pg0 = database.IsPostgres ? PostgresCpuMs() : 0;
                var clock = Stopwatch.StartNew();
                var next = -1;
                await Task.WhenAll(Enumerable.Range(0, s.Pushers).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < bins)
                    {
                        var lid = Lid(t0.AddMinutes(20 * (first + i)));
                        HttpContent content;
                        if (body == "binary")
                        {
                            content = new ByteArrayContent(BinaryPush.Encode(Encoding.UTF8.GetBytes("{\"bin\":\"" + lid + "\"," + head + "}"), roiNumbers, scores));
                            content.Headers.ContentType = new MediaTypeHeaderValue(BinaryPush.MediaType);
                        }
                        else
                        {
                            content = new StringContent("{\"bin\":\"" + lid + "\"," + jsonTail, Encoding.UTF8, "application/json");
                        }

                        using (content)
                        {
                            using var r = await client.PostAsync("/api/v1/datasets/ingest/bins", content);
                            if ((int)r.StatusCode != 201)
                            {
                                throw new InvalidOperationException($"push answered {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
                            }
                        }
                    }
                }));
                var seconds = clock.Elapsed.TotalSeconds;
                // CPU time of this process (pushers and hub; PostgreSQL's own processes not included) per bin: a
                // figure that holds on a loaded machine, where wall-clock rates depend on the share we get.
                var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / bins;
                // PostgreSQL's own CPU: every postgres process on this machine (the private cluster's backends and
                // the postmaster's reaped children), so run it with no other PostgreSQL busy.
                var pgMs = database.IsPostgres ? (PostgresCpuMs() - pg0) / bins : double.NaN;
                Console.WriteLine($"{name} ingest ({body} body): {bins} bins in {seconds:F1} s, {bins / seconds:F1} bins/s, {bins * (double)s.Rois / seconds:F0} ROIs/s, {cpuMs:F1} CPU ms/bin"
                    + (database.IsPostgres ? $", postgres {pgMs:F1} CPU ms/bin" : ""));
                rows.Add([name, body, (bins / seconds).ToString("F1", CultureInfo.InvariantCulture), (bins * (double)s.Rois / seconds).ToString("F0", CultureInfo.InvariantCulture),
                    cpuMs.ToString("F1", CultureInfo.InvariantCulture), double.IsNaN(pgMs) ? "" : pgMs.ToString("F1", CultureInfo.InvariantCulture), "", "", ""]);
            }

            // Validation queue: every pushed bin's ROIs with winner, score and margin, as a class queue reads them
            // (from the score files' winner section), against reading and arg-maxing the whole scores (same bins).
            await using (var ctx = database.CreateContext())
            {
                var result = await ctx.BinResults.FirstAsync();
                var scoreRows = await ctx.RoiScores.ToListAsync();
                var validation = app.Services.GetRequiredService<Ifcb.Server.Validation.ValidationService>();
                double queueMs = double.MaxValue, wholeMs = double.MaxValue;
                var rois = 0;
                for (var rep = 0; rep < 3; rep++)
                {
                    var clock = Stopwatch.StartNew();
                    rois = (await validation.PredictionsAsync(result.DatasetId, result.ModelId, null, null, null, CancellationToken.None)).Count;
                    queueMs = Math.Min(queueMs, clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    var whole = 0;
                    foreach (var row in scoreRows)
                    {
                        var loaded = database.Scores.Load(row);
                        whole += ScoreStore.Winners(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(loaded.Scores), row.RoiCount, row.ClassCount).Length;
                    }

                    wholeMs = Math.Min(wholeMs, clock.Elapsed.TotalMilliseconds);
                    if (whole != rois)
                    {
                        throw new InvalidOperationException($"the queue read {rois} ROIs, the scores hold {whole}");
                    }
                }

                Console.WriteLine($"{name} validation queue: {scoreRows.Count} bins, {rois} ROIs with winner, score and margin in {queueMs:F0} ms "
                    + $"(reading and arg-maxing the whole scores: {wholeMs:F0} ms; best of 3, page cache warm)");
            }

            // Series: a dataset of `seriesBins` bins (72 a day) filled through the ingest's bulk writer, then a
            // one-year daily series of 5 classes read over HTTP.
            var fill = Stopwatch.StartNew();
            await FillAsync(database, s.SeriesBins, s.SeriesClasses);
            var fillRate = s.SeriesBins / fill.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: filled {s.SeriesBins} bins x {s.SeriesClasses} classes in {fill.Elapsed.TotalSeconds:F0} s");
            Console.Out.Flush();
            var query = "/api/v1/datasets/series/series?model=bench-series&resolution=day&start=2024-01-01&end=2025-01-01&classes="
                + string.Join(',', Enumerable.Range(0, 5).Select(i => "class_" + (i * 7 % s.SeriesClasses).ToString("D3", CultureInfo.InvariantCulture)));
            var times = new List<double>();
            var clock2 = new Stopwatch();
            for (var i = 0; i < s.Reps + 3; i++)
            {
                clock2.Restart();
                var text = await client.GetStringAsync(query);
                if (i >= 3)
                {
                    times.Add(clock2.Elapsed.TotalMilliseconds);
                }

                if (i == 0 && CountOf(text, "\"perL\"") < 5 * Math.Min(365, s.SeriesBins / 72))
                {
                    throw new InvalidOperationException($"the series query returned {CountOf(text, "\"perL\"")} points, not 5 x 365");
                }
            }

            times.Sort();
            var p50 = times[times.Count / 2];
            var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
            Console.WriteLine($"{name} series: one-year daily, 5 classes, {s.SeriesBins}-bin database: p50 {p50:F1} ms, p95 {p95:F1} ms");
            foreach (var r in rows)
            {
                r[6] = fillRate.ToString("F0", CultureInfo.InvariantCulture);
                r[7] = p50.ToString("F1", CultureInfo.InvariantCulture);
                r[8] = p95.ToString("F1", CultureInfo.InvariantCulture);
            }

            await app.StopAsync();
            return rows;
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static string Lid(DateTime t) => "D" + t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "_IFCB999";

    /// <summary>The push's fields after "bin" and before "scores", without the closing brace.</summary>
    private static string BuildHead(string[] names, int rois)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\"mlAnalyzed\":5.0,\"roiCount\":{rois},\"model\":{{\"id\":\"bench\",\"sha256\":\"{new string('a', 64)}\"}},\"classes\":[");
        for (var i = 0; i < names.Length; i++)
        {
            var w = rois / names.Length;
            sb.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture, $"{{\"name\":\"{names[i]}\",\"winnerCount\":{w},\"aboveThresholdCount\":{w / 2},\"threshold\":0.5}}");
        }

        return sb.Append(']').ToString();
    }

    /// <summary>
    /// Fills dataset "series" with <paramref name="bins"/> bins (one every 20 minutes from 2024-01-01) of model
    /// "bench-series": bins and results as plain rows, per-class rows and series buckets through the ingest's
    /// <see cref="BulkRows"/> (the tables and code ingest writes with), 2,000 bins per transaction.
    /// </summary>
    private static async Task FillAsync(HubDatabase database, int bins, int classes)
    {
        int datasetId, modelId;
        await using (var db = database.CreateContext())
        {
            var ds = new DatasetRow { Name = "series", CreatedMs = 0 };
            var model = new ModelRow { Key = "bench-series", Sha256 = new string('b', 64), ClassCount = classes, CreatedMs = 0 };
            db.Add(ds);
            db.Add(model);
            await db.SaveChangesAsync();
            db.AddRange(Enumerable.Range(0, classes).Select(i => new ModelClassRow { ModelId = model.Id, ClassIndex = i, Name = "class_" + i.ToString("D3", CultureInfo.InvariantCulture) }));
            await db.SaveChangesAsync();
            (datasetId, modelId) = (ds.Id, model.Id);
        }

        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var random = new Random(2);
        long nextBin, nextResult;
        await using (var db = database.CreateContext())
        {
            nextBin = (await db.Bins.MaxAsync(b => (long?)b.Id) ?? 0) + 1;
            nextResult = (await db.BinResults.MaxAsync(b => (long?)b.Id) ?? 0) + 1;
        }

        const int batch = 2000;
        for (var b0 = 0; b0 < bins; b0 += batch)
        {
            await using var db = database.CreateContext();
            await using var tx = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var n = Math.Min(batch, bins - b0);
            // Bins and results with ids given here (one writer), rows as ingest writes them.
            var binRows = new List<object?[]>(n);
            var resultRows = new List<object?[]>(n);
            var classRows = new List<ClassResultRow>(n * classes);
            for (var i = b0; i < b0 + n; i++)
            {
                var t = start + (i * 1_200_000L);
                var binId = nextBin++;
                var resultId = nextResult++;
                binRows.Add([binId, datasetId, Lid(DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime), t, "IFCB999", 5.0, 3000, "", 0L]);
                resultRows.Add([resultId, binId, modelId, datasetId, t, 0L]);
                for (var c = 0; c < classes; c++)
                {
                    var k = random.Next(20);
                    classRows.Add(new ClassResultRow
                    {
                        BinResultId = resultId,
                        ClassIndex = c,
                        DatasetId = datasetId,
                        ModelId = modelId,
                        SampleTimeMs = t,
                        MlAnalyzed = 5,
                        WinnerCount = k,
                        AboveThresholdCount = k / 2,
                        WinnerPerMl = k / 5.0,
                        WinnerPerL = k * 200.0,
                        AbovePerMl = k / 10.0,
                        AbovePerL = k * 100.0,
                    });
                }
            }

            await InsertAsync(connection, tx.GetDbTransaction(), "bins", ["id", "dataset_id", "lid", "sample_time_ms", "instrument", "ml_analyzed", "roi_count", "qc_flags", "created_ms"], binRows);
            await InsertAsync(connection, tx.GetDbTransaction(), "bin_results", ["id", "bin_id", "model_id", "dataset_id", "sample_time_ms", "created_ms"], resultRows);
            await BulkRows.InsertClassResultsAsync(connection, tx.GetDbTransaction(), classRows, default);
            await BulkRows.AddToSeriesAsync(connection, tx.GetDbTransaction(), classRows, default);
            await tx.CommitAsync();
        }

        if (database.IsPostgres)
        {
            // The identity sequences move past the ids given here, so later pushes get fresh ones.
            await using var db = database.CreateContext();
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('bins', 'id'), (SELECT max(id) FROM bins)); "
                + "SELECT setval(pg_get_serial_sequence('bin_results', 'id'), (SELECT max(id) FROM bin_results));");
        }

        // Fresh statistics for the planner, as autovacuum would make on a database that grew over a year.
        await using var analyze = database.CreateContext();
        await analyze.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>Rows into a table: binary COPY on PostgreSQL, one prepared statement on SQLite.</summary>
    private static async Task InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string table, string[] columns, List<object?[]> rows)
    {
        if (connection is NpgsqlConnection pg)
        {
            await using var import = await pg.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await import.StartRowAsync();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case long l: await import.WriteAsync(l, NpgsqlTypes.NpgsqlDbType.Bigint); break;
                        case int i: await import.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer); break;
                        case double d: await import.WriteAsync(d, NpgsqlTypes.NpgsqlDbType.Double); break;
                        case string t: await import.WriteAsync(t, NpgsqlTypes.NpgsqlDbType.Text); break;
                        default: await import.WriteNullAsync(); break;
                    }
                }
            }

            await import.CompleteAsync();
            return;
        }

        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
        var ps = columns.Select((_, i) =>
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < ps.Length; i++)
            {
                ps[i].Value = row[i] ?? DBNull.Value;
            }

            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>User + system CPU ms of every running postgres process, with the children each has reaped.</summary>
    private static double PostgresCpuMs()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                // Fields after the command: state is field 3; utime, stime, cutime, cstime are fields 14-17.
                var fields = stat[(close + 2)..].Split(' ');
                for (var f = 11; f <= 14; f++)
                {
                    ticks += double.Parse(fields[f], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // A process that ended while we read it.
            }
        }

        return ticks * 10; // USER_HZ is 100 on Linux.
    }

    private static string CpuFlags()
    {
        try
        {
            var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':')[1].Split(' ') ?? [];
            string[] wanted = ["avx2", "avx512f", "amx_tile"];
            return string.Join(' ', wanted.Select(w => flags.Contains(w) ? w : "no " + w));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
