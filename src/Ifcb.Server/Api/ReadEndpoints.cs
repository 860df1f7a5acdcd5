using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ifcb.Server.Api;

/// <summary>The read API (JSON, or CSV with <c>?format=csv</c>): datasets, models, bins, results, scores, series.</summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/datasets", DatasetsAsync).WithSummary("Datasets with their bin count and latest bin.");
        app.MapGet("/api/v1/datasets/{dataset}/models", ModelsAsync).WithSummary("Models with results in the dataset, newest first, with their classes.");
        app.MapGet("/api/v1/datasets/{dataset}/bins", BinsAsync).WithSummary("Bins in a time range (start, end: ISO 8601), oldest first; offset/limit paging.");
        app.MapGet("/api/v1/datasets/{dataset}/bins/{bin}", BinAsync).WithSummary("One bin: metadata and per-class results for a model (default the newest). 404 when not stored for that model.");
        app.MapGet("/api/v1/datasets/{dataset}/bins/{bin}/rois", RoisAsync).WithSummary("The bin's ROIs with their winning class and score, sorted by class then score (needs pushed per-ROI scores).");
        app.MapGet("/api/v1/datasets/{dataset}/series", SeriesAsync).WithSummary("Per-class concentration series: classes (comma separated), model, start, end, resolution=bin|hour|day, counts=winner|above, format=json|csv.");
    }

    private static async Task<IResult> DatasetsAsync(HubQueries q, string? format, CancellationToken ct)
    {
        var list = await q.DatasetsAsync(ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new StringBuilder("dataset,instrument,latitude,longitude,bin_count,latest_bin,latest_sample_time\n");
            foreach (var d in list)
            {
                Csv.Row(sb, d.Name, d.Instrument, d.Latitude, d.Longitude, d.BinCount, d.LatestBin, d.LatestSampleTime is { } t ? QueryParams.Iso(t.ToUnixTimeMilliseconds()) : null);
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        return Results.Json(list, HubServer.Json);
    }

    private static async Task<IResult> ModelsAsync(string dataset, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        return ds is null ? NoDataset(dataset) : Results.Json(await q.ModelsAsync(ds.Id, ct), HubServer.Json);
    }

    private static async Task<IResult> BinsAsync(string dataset, HubQueries q, string? start, string? end, int? offset, int? limit, string? format, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return NoDataset(dataset);
        }

        long? s, e;
        try
        {
            s = QueryParams.Time(start, "start");
            e = QueryParams.Time(end, "end");
        }
        catch (ArgumentException ex)
        {
            return HubServer.Error(400, ex.Message);
        }

        var take = Math.Clamp(limit ?? 1000, 1, 100_000);
        var bins = await q.BinsAsync(ds.Id, s, e, Math.Max(0, offset ?? 0), take, ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new StringBuilder("bin,sample_time,instrument,ml_analyzed,roi_count,latitude,longitude,depth,qc_flags\n");
            foreach (var b in bins)
            {
                Csv.Row(sb, b.Lid, QueryParams.Iso(b.SampleTimeMs), b.Instrument, b.MlAnalyzed, b.RoiCount, b.Latitude, b.Longitude, b.Depth, b.QcFlags);
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        return Results.Json(new { dataset, offset = Math.Max(0, offset ?? 0), limit = take, bins = bins.Select(BinJson) }, HubServer.Json);
    }

    internal static object BinJson(Data.BinRow b) => new
    {
        bin = b.Lid,
        sampleTime = QueryParams.Iso(b.SampleTimeMs),
        instrument = b.Instrument,
        mlAnalyzed = b.MlAnalyzed,
        roiCount = b.RoiCount,
        latitude = b.Latitude,
        longitude = b.Longitude,
        depth = b.Depth,
        qcFlags = b.QcFlags.Length == 0 ? [] : b.QcFlags.Split(','),
    };

    private static async Task<IResult> BinAsync(string dataset, string bin, string? model, string? format, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return NoDataset(dataset);
        }

        var row = await q.BinAsync(ds.Id, bin, ct);
        if (row is null)
        {
            return HubServer.Error(404, $"bin '{bin}' is not stored in dataset '{dataset}'");
        }

        var models = await q.BinModelsAsync(row.Id, ct);
        var key = string.IsNullOrEmpty(model) ? models.FirstOrDefault() : model;
        var m = key is null ? null : await q.ModelAsync(ds.Id, key, ct);
        var result = m is null ? null : await q.ResultAsync(row.Id, m.Id, ct);
        if (!string.IsNullOrEmpty(model) && result is null)
        {
            return HubServer.Error(404, $"bin '{bin}' has no results of model '{model}'");
        }

        var names = m is null ? [] : await q.ClassNamesAsync(m.Id, ct);
        var classes = result is null ? [] : await q.ClassResultsAsync(result.Id, ct);
        var hasScores = result is not null && await q.HasScoresAsync(result.Id, ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new StringBuilder("bin,model,class,winner_count,above_threshold_count,threshold,winner_per_ml,winner_per_l,above_per_l,corrected_method,corrected_count,corrected_low,corrected_high\n");
            foreach (var c in classes)
            {
                Csv.Row(sb, bin, m!.Key, names[c.ClassIndex], c.WinnerCount, c.AboveThresholdCount, c.Threshold, c.WinnerPerMl, c.WinnerPerL, c.AbovePerL, c.CorrectedMethod, c.CorrectedCount, c.CorrectedLow, c.CorrectedHigh);
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        return Results.Json(new
        {
            dataset,
            metadata = BinJson(row),
            model = m?.Key,
            models,
            hasScores,
            classes = classes.Select(c => new
            {
                name = names[c.ClassIndex],
                winnerCount = c.WinnerCount,
                aboveThresholdCount = c.AboveThresholdCount,
                threshold = c.Threshold,
                winnerPerMl = c.WinnerPerMl,
                winnerPerL = c.WinnerPerL,
                abovePerMl = c.AbovePerMl,
                abovePerL = c.AbovePerL,
                corrected = c.CorrectedCount is null ? null : new { method = c.CorrectedMethod, count = c.CorrectedCount, low = c.CorrectedLow, high = c.CorrectedHigh },
            }),
        }, HubServer.Json);
    }

    private static async Task<IResult> RoisAsync(string dataset, string bin, string? model, HubQueries q, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        var row = ds is null ? null : await q.BinAsync(ds.Id, bin, ct);
        if (row is null)
        {
            return HubServer.Error(404, $"bin '{bin}' is not stored in dataset '{dataset}'");
        }

        var key = string.IsNullOrEmpty(model) ? (await q.BinModelsAsync(row.Id, ct)).FirstOrDefault() : model;
        var m = key is null ? null : await q.ModelAsync(ds!.Id, key, ct);
        var result = m is null ? null : await q.ResultAsync(row.Id, m.Id, ct);
        if ((result is null ? null : await q.WinnersAsync(result.Id, ct)) is not var (numbers, winners))
        {
            return HubServer.Error(404, $"bin '{bin}' has no per-ROI scores" + (key is null ? "" : $" of model '{key}'"));
        }

        var names = await q.ClassNamesAsync(m!.Id, ct);
        var rois = numbers.Select((roi, i) => (Roi: roi, winners[i].Class, winners[i].Score))
            .OrderBy(r => names[r.Class], StringComparer.Ordinal).ThenByDescending(r => r.Score)
            .Select(r => new { roi = r.Roi, pid = row.Lid + "_" + r.Roi.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), @class = names[r.Class], score = r.Score });
        return Results.Json(new { dataset, bin, model = m.Key, rois }, HubServer.Json);
    }

    private static async Task<IResult> SeriesAsync(string dataset, HubQueries q, string? classes, string? model, string? start, string? end,
        string? resolution, string? counts, string? format, CancellationToken ct)
    {
        var ds = await q.DatasetAsync(dataset, ct);
        if (ds is null)
        {
            return NoDataset(dataset);
        }

        var m = await q.ModelAsync(ds.Id, model, ct);
        if (m is null)
        {
            return HubServer.Error(404, string.IsNullOrEmpty(model) ? $"dataset '{dataset}' has no results yet" : $"no model '{model}'");
        }

        var names = await q.ClassNamesAsync(m.Id, ct);
        var wanted = (classes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (wanted.Length == 0)
        {
            return HubServer.Error(400, "classes is required: one or more class names, comma separated", "classes");
        }

        var indices = new List<int>();
        foreach (var w in wanted)
        {
            var i = names.IndexOf(w);
            if (i < 0)
            {
                return HubServer.Error(400, $"'{w}' is not a class of model '{m.Key}'", "classes");
            }

            indices.Add(i);
        }

        long bucket = (resolution ?? "bin").ToLowerInvariant() switch
        {
            "bin" => 0,
            "hour" => 3_600_000,
            "day" => 86_400_000,
            _ => -1,
        };
        if (bucket < 0)
        {
            return HubServer.Error(400, $"resolution '{resolution}' is not one of bin, hour, day", "resolution");
        }

        var above = string.Equals(counts, "above", StringComparison.OrdinalIgnoreCase);
        long s, e;
        try
        {
            s = QueryParams.Time(start, "start") ?? long.MinValue / 4;
            e = QueryParams.Time(end, "end") ?? long.MaxValue / 4;
        }
        catch (ArgumentException ex)
        {
            return HubServer.Error(400, ex.Message);
        }

        var series = await q.SeriesAsync(ds.Id, m.Id, indices, s, e, bucket, above, ct);
        if (QueryParams.WantsCsv(format))
        {
            var sb = new StringBuilder("time,class,bins,count,ml_analyzed,cells_per_ml,cells_per_l,corrected_per_l,corrected_low_per_l,corrected_high_per_l\n");
            foreach (var i in indices)
            {
                foreach (var p in series[i])
                {
                    Csv.Row(sb, QueryParams.Iso(p.TimeMs), names[i], p.Bins, p.Count, p.MlAnalyzed, p.Count / p.MlAnalyzed, p.Count / p.MlAnalyzed * 1000,
                        p.CorrectedCount / p.MlAnalyzed * 1000, p.CorrectedLow / p.MlAnalyzed * 1000, p.CorrectedHigh / p.MlAnalyzed * 1000);
                }
            }

            return Results.Text(sb.ToString(), "text/csv");
        }

        return Results.Json(new
        {
            dataset,
            model = m.Key,
            resolution = (resolution ?? "bin").ToLowerInvariant(),
            counts = above ? "above" : "winner",
            series = indices.Select(i => new
            {
                @class = names[i],
                points = series[i].Select(p => new
                {
                    time = QueryParams.Iso(p.TimeMs),
                    t = p.TimeMs,
                    bins = p.Bins,
                    count = p.Count,
                    mlAnalyzed = p.MlAnalyzed,
                    perMl = p.Count / p.MlAnalyzed,
                    perL = p.Count / p.MlAnalyzed * 1000,
                    correctedPerL = p.CorrectedCount / p.MlAnalyzed * 1000,
                    correctedLowPerL = p.CorrectedLow / p.MlAnalyzed * 1000,
                    correctedHighPerL = p.CorrectedHigh / p.MlAnalyzed * 1000,
                }),
            }),
        }, HubServer.Json);
    }

    internal static IResult NoDataset(string dataset) => HubServer.Error(404, $"no dataset '{dataset}'");
}
