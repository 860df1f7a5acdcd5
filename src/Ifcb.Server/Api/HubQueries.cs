using Ifcb.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Api;

/// <summary>The read side: every query the API, the Dashboard-compatible endpoints and the pages use.</summary>
public sealed class HubQueries(HubDatabase database)
{
    /// <summary>A dataset with its latest bin and its bin count.</summary>
    public sealed record DatasetSummary(string Name, string? Instrument, double? Latitude, double? Longitude, int BinCount, string? LatestBin, DateTimeOffset? LatestSampleTime);

    /// <summary>A model with results in a dataset.</summary>
    public sealed record ModelSummary(string Id, string Sha256, DateTimeOffset Created, int BinCount, IReadOnlyList<string> Classes);

    /// <summary>One point of a per-class series: the bucket start, counts, volume and concentrations.</summary>
    public sealed record SeriesPoint(long TimeMs, double Count, double MlAnalyzed, int Bins, double? CorrectedCount, double? CorrectedLow, double? CorrectedHigh);

    /// <summary>Opens a context (callers dispose it).</summary>
    public HubDbContext Open() => database.CreateContext();

    public async Task<List<DatasetSummary>> DatasetsAsync(CancellationToken ct)
    {
        await using var db = Open();
        var datasets = await db.Datasets.OrderBy(d => d.Name).ToListAsync(ct);
        var stats = await db.Bins.GroupBy(b => b.DatasetId)
            .Select(g => new { DatasetId = g.Key, Count = g.Count(), Latest = g.Max(b => b.SampleTimeMs) })
            .ToListAsync(ct);
        var result = new List<DatasetSummary>();
        foreach (var d in datasets)
        {
            var s = stats.FirstOrDefault(x => x.DatasetId == d.Id);
            string? latestBin = null;
            if (s is not null)
            {
                latestBin = await db.Bins.Where(b => b.DatasetId == d.Id && b.SampleTimeMs == s.Latest).Select(b => b.Lid).FirstOrDefaultAsync(ct);
            }

            result.Add(new DatasetSummary(d.Name, d.Instrument, d.Latitude, d.Longitude, s?.Count ?? 0, latestBin,
                s is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(s.Latest)));
        }

        return result;
    }

    public async Task<DatasetRow?> DatasetAsync(string name, CancellationToken ct)
    {
        await using var db = Open();
        return await db.Datasets.FirstOrDefaultAsync(d => d.Name == name, ct);
    }

    /// <summary>Models with results in the dataset, newest first.</summary>
    public async Task<List<ModelSummary>> ModelsAsync(int datasetId, CancellationToken ct)
    {
        await using var db = Open();
        var counts = await db.BinResults.Where(r => r.DatasetId == datasetId).GroupBy(r => r.ModelId)
            .Select(g => new { ModelId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(c => c.ModelId).ToList();
        var models = await db.Models.Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        var classes = await db.ModelClasses.Where(c => ids.Contains(c.ModelId)).OrderBy(c => c.ClassIndex).ToListAsync(ct);
        return [.. models.OrderByDescending(m => m.CreatedMs).ThenByDescending(m => m.Id).Select(m => new ModelSummary(
            m.Key, m.Sha256, DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedMs), counts.First(c => c.ModelId == m.Id).Count,
            [.. classes.Where(c => c.ModelId == m.Id).Select(c => c.Name)]))];
    }

    /// <summary>The model by key, or the newest model with results in the dataset when no key is given.</summary>
    public async Task<ModelRow?> ModelAsync(int datasetId, string? key, CancellationToken ct)
    {
        await using var db = Open();
        if (!string.IsNullOrEmpty(key))
        {
            return await db.Models.FirstOrDefaultAsync(m => m.Key == key, ct);
        }

        var ids = db.BinResults.Where(r => r.DatasetId == datasetId).Select(r => r.ModelId).Distinct();
        return await db.Models.Where(m => ids.Contains(m.Id)).OrderByDescending(m => m.CreatedMs).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<List<string>> ClassNamesAsync(int modelId, CancellationToken ct)
    {
        await using var db = Open();
        return await db.ModelClasses.Where(c => c.ModelId == modelId).OrderBy(c => c.ClassIndex).Select(c => c.Name).ToListAsync(ct);
    }

    /// <summary>Bins in [start, end), oldest first, paged.</summary>
    public async Task<List<BinRow>> BinsAsync(int datasetId, long? startMs, long? endMs, int offset, int limit, CancellationToken ct)
    {
        await using var db = Open();
        var q = db.Bins.Where(b => b.DatasetId == datasetId);
        if (startMs is { } s)
        {
            q = q.Where(b => b.SampleTimeMs >= s);
        }

        if (endMs is { } e)
        {
            q = q.Where(b => b.SampleTimeMs < e);
        }

        return await q.OrderBy(b => b.SampleTimeMs).ThenBy(b => b.Lid).Skip(offset).Take(limit).ToListAsync(ct);
    }

    public async Task<BinRow?> BinAsync(int datasetId, string lid, CancellationToken ct)
    {
        await using var db = Open();
        return await db.Bins.FirstOrDefaultAsync(b => b.DatasetId == datasetId && b.Lid == lid, ct);
    }

    /// <summary>The bin's result for a model, or null.</summary>
    public async Task<BinResultRow?> ResultAsync(long binId, int modelId, CancellationToken ct)
    {
        await using var db = Open();
        return await db.BinResults.FirstOrDefaultAsync(r => r.BinId == binId && r.ModelId == modelId, ct);
    }

    /// <summary>Keys of the models that have results for the bin, newest first.</summary>
    public async Task<List<string>> BinModelsAsync(long binId, CancellationToken ct)
    {
        await using var db = Open();
        return await (from r in db.BinResults
                      join m in db.Models on r.ModelId equals m.Id
                      where r.BinId == binId
                      orderby m.CreatedMs descending, m.Id descending
                      select m.Key).ToListAsync(ct);
    }

    public async Task<List<ClassResultRow>> ClassResultsAsync(long binResultId, CancellationToken ct)
    {
        await using var db = Open();
        return await db.ClassResults.Where(c => c.BinResultId == binResultId).OrderBy(c => c.ClassIndex).ToListAsync(ct);
    }

    public async Task<RoiScoresRow?> ScoresAsync(long binResultId, CancellationToken ct)
    {
        await using var db = Open();
        var row = await db.RoiScores.FirstOrDefaultAsync(s => s.BinResultId == binResultId, ct);
        return row is null ? null : database.Scores.Load(row);
    }

    /// <summary>Each ROI's number and winner (class, score, margin) of a result, without reading the scores; null without scores.</summary>
    public async Task<(int[] RoiNumbers, RoiWinner[] Winners)?> WinnersAsync(long binResultId, CancellationToken ct)
    {
        await using var db = Open();
        var row = await db.RoiScores.FirstOrDefaultAsync(s => s.BinResultId == binResultId, ct);
        return row is null ? null : database.Scores.ReadWinners(row);
    }

    /// <summary>True when the result has per-ROI scores (without reading them).</summary>
    public async Task<bool> HasScoresAsync(long binResultId, CancellationToken ct)
    {
        await using var db = Open();
        return await db.RoiScores.AnyAsync(s => s.BinResultId == binResultId, ct);
    }

    /// <summary>
    /// Per-class sums per time bucket (<paramref name="bucketMs"/> 0: one point per bin; an hour or a day: read from
    /// <c>series_buckets</c>). Concentration of a bucket = sum of counts / sum of volumes, so a bucket of several bins
    /// weighs each by the water it imaged. Bins without a volume are left out.
    /// </summary>
    public async Task<Dictionary<int, List<SeriesPoint>>> SeriesAsync(int datasetId, int modelId, IReadOnlyList<int> classIndices,
        long startMs, long endMs, long bucketMs, bool aboveThreshold, CancellationToken ct)
    {
        await using var db = Open();
        var result = classIndices.Distinct().ToDictionary(i => i, _ => new List<SeriesPoint>());
        if (bucketMs > 0)
        {
            // Hours and days come from the buckets ingest keeps: one row per (class, bucket). A bucket is whole or
            // left out: it starts at or after start and before end.
            var buckets = await db.SeriesBuckets.Where(b => b.DatasetId == datasetId && b.ModelId == modelId && classIndices.Contains(b.ClassIndex)
                    && b.WidthMs == bucketMs && b.StartMs >= startMs && b.StartMs < endMs)
                .OrderBy(b => b.StartMs).ToListAsync(ct);
            foreach (var b in buckets)
            {
                // A bucket shows a corrected value only when every bin in it has one.
                var all = b.CorrectedBins == b.Bins;
                result[b.ClassIndex].Add(new SeriesPoint(b.StartMs, aboveThreshold ? b.AboveThresholdCount : b.WinnerCount, b.MlAnalyzed, b.Bins,
                    all ? b.CorrectedCount : null, all ? b.CorrectedLow : null, all ? b.CorrectedHigh : null));
            }

            return result;
        }

        // One point per bin; bins without a volume have no concentration and are skipped.
        var rows = await db.ClassResults.Where(r => r.DatasetId == datasetId && r.ModelId == modelId && classIndices.Contains(r.ClassIndex)
                && r.SampleTimeMs >= startMs && r.SampleTimeMs < endMs && r.MlAnalyzed != null)
            .OrderBy(r => r.SampleTimeMs)
            .Select(r => new { r.ClassIndex, r.SampleTimeMs, r.WinnerCount, r.AboveThresholdCount, r.MlAnalyzed, r.CorrectedCount, r.CorrectedLow, r.CorrectedHigh })
            .ToListAsync(ct);
        foreach (var r in rows)
        {
            result[r.ClassIndex].Add(new SeriesPoint(r.SampleTimeMs, aboveThreshold ? r.AboveThresholdCount : r.WinnerCount, r.MlAnalyzed!.Value, 1,
                r.CorrectedCount, r.CorrectedCount is null ? null : r.CorrectedLow, r.CorrectedCount is null ? null : r.CorrectedHigh));
        }

        return result;
    }

    /// <summary>Alert events, newest first, with their rule names.</summary>
    public async Task<List<(AlertEventRow Event, string Rule, string Classes, string Dataset)>> AlertsAsync(int? datasetId, int limit, CancellationToken ct)
    {
        await using var db = Open();
        var q = from e in db.AlertEvents
                join r in db.AlertRules on e.RuleId equals r.Id
                join d in db.Datasets on e.DatasetId equals d.Id
                select new { e, r.Name, r.Classes, Dataset = d.Name };
        if (datasetId is { } id)
        {
            q = q.Where(x => x.e.DatasetId == id);
        }

        var rows = await q.OrderByDescending(x => x.e.SampleTimeMs).ThenByDescending(x => x.e.Id).Take(limit).ToListAsync(ct);
        return [.. rows.Select(x => (x.e, x.Name, x.Classes, x.Dataset))];
    }
}
