using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Ifcb.Formats.Labels;
using Ifcb.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Ifcb.Server.Validation;

/// <summary>
/// Human validation: the queues of ROIs to look at (from the stored per-ROI scores), the decisions annotators record,
/// their statistics, and the labels exported for <c>ifcb train/evaluate --labels</c> or imported from a lab's history.
/// </summary>
public sealed class ValidationService(HubDatabase database)
{
    /// <summary>At most this many bins are read for one queue (the newest in the range); narrow the time range for more.</summary>
    public const int MaxQueueBins = 5000;

    /// <summary>One recorded decision with what it replaced.</summary>
    public sealed record DecisionResult(long Id, string Pid, string Class, string? Predicted, double? Score, string? Previous);

    /// <summary>One ROI to decide.</summary>
    public sealed record DecisionInput(string Bin, int Roi, string Class);

    /// <summary>A decision as the queue shows it.</summary>
    public sealed record DecisionView(long Id, int UserId, string User, string Class, long CreatedMs);

    /// <summary>One exported label.</summary>
    public sealed record ExportLabel(string Bin, int Roi, string Class);

    /// <summary>What <see cref="DeleteAsync"/> and <see cref="UpdateAsync"/> found.</summary>
    public enum Change
    {
        /// <summary>Done.</summary>
        Done,

        /// <summary>No such decision in the dataset (404).</summary>
        NotFound,

        /// <summary>Another annotator's decision (403).</summary>
        Forbidden,
    }

    /// <summary>
    /// Every ROI with per-ROI scores of <paramref name="modelId"/> in the dataset's bins in [start, end) (or the one
    /// bin <paramref name="bin"/>), with its winning class, score and margin; at most <see cref="MaxQueueBins"/> bins.
    /// </summary>
    public async Task<List<RoiPrediction>> PredictionsAsync(int datasetId, int modelId, long? startMs, long? endMs, string? bin, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var q = from r in db.BinResults
                join b in db.Bins on r.BinId equals b.Id
                where r.DatasetId == datasetId && r.ModelId == modelId
                select new { r.Id, b.Lid, b.SampleTimeMs };
        if (!string.IsNullOrEmpty(bin))
        {
            q = q.Where(x => x.Lid == bin);
        }

        if (startMs is { } s)
        {
            q = q.Where(x => x.SampleTimeMs >= s);
        }

        if (endMs is { } e)
        {
            q = q.Where(x => x.SampleTimeMs < e);
        }

        var results = await q.OrderByDescending(x => x.SampleTimeMs).Take(MaxQueueBins).ToListAsync(ct);
        var list = new List<RoiPrediction>();
        foreach (var chunk in results.Chunk(200))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var scores = await db.RoiScores.Where(r => ids.Contains(r.BinResultId)).ToListAsync(ct);
            foreach (var row in scores)
            {
                var meta = chunk.First(c => c.Id == row.BinResultId);
                list.AddRange(Predict(meta.Lid, meta.SampleTimeMs, row));
            }
        }

        return list;
    }

    /// <summary>Each ROI of a scores row with its winner, score and margin (read without the scores themselves).</summary>
    public IEnumerable<RoiPrediction> Predict(string lid, long sampleTimeMs, RoiScoresRow scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var (rois, winners) = database.Scores.ReadWinners(scores);
        var list = new List<RoiPrediction>(scores.RoiCount);
        for (var r = 0; r < scores.RoiCount; r++)
        {
            list.Add(new RoiPrediction(lid, sampleTimeMs, rois[r], winners[r].Class, winners[r].Score, winners[r].Margin));
        }

        return list;
    }

    /// <summary>
    /// Orders ROIs for a queue: <c>score</c> (highest first), <c>uncertainty</c> (lowest margin first), <c>random</c>
    /// (a permutation keyed by SHA-256 of seed and ROI id, so it is stable across pages and any prefix is a simple
    /// random sample), <c>rare</c> (classes with fewest ROIs first, each by score). Ties go by ROI id.
    /// </summary>
    public static List<RoiPrediction> Order(IEnumerable<RoiPrediction> items, string queue, int seed)
    {
        var list = items.ToList();
        switch (queue)
        {
            case ValidationQueue.Uncertainty:
                return [.. list.OrderBy(p => p.Margin).ThenBy(p => p.Pid, StringComparer.Ordinal)];
            case ValidationQueue.Random:
                return [.. list.Select(p => (p, Key: RandomKey(seed, p.Pid))).OrderBy(x => x.Key).ThenBy(x => x.p.Pid, StringComparer.Ordinal).Select(x => x.p)];
            case ValidationQueue.Rare:
                var sizes = list.GroupBy(p => p.Class).ToDictionary(g => g.Key, g => g.Count());
                return [.. list.OrderBy(p => sizes[p.Class]).ThenBy(p => p.Class).ThenByDescending(p => p.Score).ThenBy(p => p.Pid, StringComparer.Ordinal)];
            default:
                return [.. list.OrderByDescending(p => p.Score).ThenBy(p => p.Pid, StringComparer.Ordinal)];
        }
    }

    private static ulong RandomKey(int seed, string pid)
        => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + pid)));

    /// <summary>Every decision on the given ROIs, with the annotators' names.</summary>
    public async Task<Dictionary<(string Bin, int Roi), List<DecisionView>>> DecisionsForAsync(int datasetId, IReadOnlyCollection<(string Bin, int Roi)> rois, CancellationToken ct)
    {
        var bins = rois.Select(r => r.Bin).Distinct().ToList();
        await using var db = database.CreateContext();
        var rows = await (from d in db.ValidationDecisions
                          join u in db.Users on d.UserId equals u.Id
                          where d.DatasetId == datasetId && bins.Contains(d.BinLid)
                          select new { d.BinLid, d.Roi, View = new DecisionView(d.Id, d.UserId, u.Name, d.ClassName, d.CreatedMs) }).ToListAsync(ct);
        var wanted = rois.ToHashSet();
        return rows.Where(r => wanted.Contains((r.BinLid, r.Roi)))
            .GroupBy(r => (r.BinLid, r.Roi))
            .ToDictionary(g => g.Key, g => g.Select(x => x.View).OrderBy(v => v.CreatedMs).ToList());
    }

    /// <summary>
    /// Records one annotator's decisions (a second decision by the same person on an ROI replaces the first). The
    /// model's prediction, score and margin are read from the stored scores, never taken from the client.
    /// </summary>
    public async Task<List<DecisionResult>> DecideAsync(int datasetId, ModelRow? model, IReadOnlyList<string> classNames, string queue, int userId,
        IReadOnlyList<DecisionInput> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            CheckClassName(item.Class);
        }

        await using var db = database.CreateContext();
        var predictions = new Dictionary<(string, int), RoiPrediction>();
        if (model is not null)
        {
            foreach (var bin in items.Select(i => i.Bin).Distinct())
            {
                var found = await (from r in db.BinResults
                                   join b in db.Bins on r.BinId equals b.Id
                                   join s in db.RoiScores on r.Id equals s.BinResultId
                                   where r.DatasetId == datasetId && r.ModelId == model.Id && b.Lid == bin
                                   select new { b.SampleTimeMs, s }).FirstOrDefaultAsync(ct)
                    ?? throw new ValidationInputException($"bin '{bin}' has no per-ROI scores of model '{model.Key}'");
                foreach (var p in Predict(bin, found.SampleTimeMs, found.s))
                {
                    predictions[(bin, p.Roi)] = p;
                }
            }
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var results = new List<(ValidationDecisionRow Row, string? Previous)>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var item in items)
        {
            RoiPrediction? p = null;
            if (model is not null && !predictions.TryGetValue((item.Bin, item.Roi), out p))
            {
                throw new ValidationInputException($"ROI {item.Roi} of bin '{item.Bin}' has no score of model '{model.Key}'");
            }

            var row = await db.ValidationDecisions.AsTracking()
                .FirstOrDefaultAsync(d => d.DatasetId == datasetId && d.BinLid == item.Bin && d.Roi == item.Roi && d.UserId == userId, ct);
            var previous = row?.ClassName;
            row ??= db.ValidationDecisions.Add(new ValidationDecisionRow { DatasetId = datasetId, BinLid = item.Bin, Roi = item.Roi, UserId = userId }).Entity;
            row.ClassName = item.Class;
            row.ModelId = model?.Id;
            row.PredictedClass = p is null ? null : classNames[p.Class];
            row.PredictedScore = p?.Score;
            row.Margin = p?.Margin;
            row.Queue = queue;
            row.SampleTimeMs = p?.SampleTimeMs ?? SampleTime(item.Bin);
            row.CreatedMs = now;
            results.Add((row, previous));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [.. results.Select(r => new DecisionResult(r.Row.Id, Ifcb.Data.Ids.BinId.FormatRoiId(r.Row.BinLid, r.Row.Roi), r.Row.ClassName, r.Row.PredictedClass, r.Row.PredictedScore, r.Previous))];
    }

    /// <summary>Deletes one of the caller's own decisions (undo).</summary>
    public Task<Change> DeleteAsync(int datasetId, long id, int userId, CancellationToken ct)
        => ChangeOwnAsync(datasetId, id, userId, (db, row) => db.ValidationDecisions.Remove(row), ct);

    /// <summary>Changes the class of one of the caller's own decisions.</summary>
    public Task<Change> UpdateAsync(int datasetId, long id, int userId, string className, CancellationToken ct)
    {
        CheckClassName(className);
        return ChangeOwnAsync(datasetId, id, userId, (_, row) =>
        {
            row.ClassName = className;
            row.CreatedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }, ct);
    }

    // Applies a change to decision `id` of the dataset when it is the caller's own; another annotator's is refused.
    private async Task<Change> ChangeOwnAsync(int datasetId, long id, int userId, Action<HubDbContext, ValidationDecisionRow> change, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var row = await db.ValidationDecisions.AsTracking().FirstOrDefaultAsync(d => d.Id == id && d.DatasetId == datasetId, ct);
        if (row is null)
        {
            return Change.NotFound;
        }

        if (row.UserId != userId)
        {
            return Change.Forbidden;
        }

        change(db, row);
        await db.SaveChangesAsync(ct);
        return Change.Done;
    }

    /// <summary>
    /// Per-class figures of one model's predictions: confirmed and relabelled decisions (every annotator's), precision
    /// with its Wilson interval from the random queue (the first decision on each ROI, so an ROI seen twice counts
    /// once), and the agreement between annotators (over ROIs decided by two or more people, the share where all gave
    /// the same class; an ROI counts for every class some annotator gave it).
    /// </summary>
    public async Task<List<ClassStats>> StatsAsync(int datasetId, ModelRow model, IReadOnlyList<string> classNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var db = database.CreateContext();
        var all = await db.ValidationDecisions.Where(d => d.DatasetId == datasetId).ToListAsync(ct);
        var mine = all.Where(d => d.ModelId == model.Id && d.PredictedClass != null).ToList();
        var random = mine.Where(d => d.Queue == ValidationQueue.Random)
            .GroupBy(d => (d.BinLid, d.Roi)).Select(g => g.OrderBy(d => d.CreatedMs).ThenBy(d => d.Id).First()).ToList();
        var shared = all.GroupBy(d => (d.BinLid, d.Roi)).Where(g => g.Select(d => d.UserId).Distinct().Count() >= 2).ToList();
        var names = classNames.Concat(mine.Select(d => d.ClassName)).Concat(all.Select(d => d.ClassName)).Distinct().ToList();
        var stats = new List<ClassStats>();
        foreach (var name in names)
        {
            var predicted = mine.Where(d => d.PredictedClass == name).ToList();
            var confirmed = predicted.Count(d => d.ClassName == name);
            var sample = random.Where(d => d.PredictedClass == name).ToList();
            var sampleConfirmed = sample.Count(d => d.ClassName == name);
            var (low, high) = WilsonInterval.Of(sampleConfirmed, sample.Count);
            var withClass = shared.Where(g => g.Any(d => d.ClassName == name)).ToList();
            var agreed = withClass.Count(g => g.All(d => d.ClassName == name));
            if (predicted.Count == 0 && withClass.Count == 0 && !classNames.Contains(name))
            {
                continue;
            }

            stats.Add(new ClassStats(name, confirmed, predicted.Count - confirmed, sample.Count, sampleConfirmed,
                sample.Count == 0 ? null : (double)sampleConfirmed / sample.Count, sample.Count == 0 ? null : low, sample.Count == 0 ? null : high,
                withClass.Count, agreed));
        }

        return stats;
    }

    /// <summary>Decisions per annotator in the dataset.</summary>
    public async Task<List<(string User, int Decisions)>> AnnotatorsAsync(int datasetId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var rows = await (from d in db.ValidationDecisions
                          join u in db.Users on d.UserId equals u.Id
                          where d.DatasetId == datasetId
                          group d by u.Name into g
                          select new { User = g.Key, Count = g.Count() }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.User, StringComparer.Ordinal).Select(r => (r.User, r.Count))];
    }

    /// <summary>
    /// One label per ROI for export: the latest decision on it (of <paramref name="annotator"/> only when given;
    /// decisions on <paramref name="modelId"/>'s predictions only when given; sample time in [start, end) when given),
    /// sorted by bin then ROI.
    /// </summary>
    public async Task<List<ExportLabel>> ExportAsync(int datasetId, int? modelId, string? annotator, long? startMs, long? endMs, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var q = from d in db.ValidationDecisions
                join u in db.Users on d.UserId equals u.Id
                where d.DatasetId == datasetId
                select new { d, u.Name };
        if (modelId is { } m)
        {
            q = q.Where(x => x.d.ModelId == m);
        }

        if (!string.IsNullOrEmpty(annotator))
        {
            q = q.Where(x => x.Name == annotator);
        }

        if (startMs is { } s)
        {
            q = q.Where(x => x.d.SampleTimeMs >= s);
        }

        if (endMs is { } e)
        {
            q = q.Where(x => x.d.SampleTimeMs < e);
        }

        var rows = await q.Select(x => x.d).ToListAsync(ct);
        return [.. rows.GroupBy(d => (d.BinLid, d.Roi))
            .Select(g => g.OrderByDescending(d => d.CreatedMs).ThenByDescending(d => d.Id).First())
            .OrderBy(d => d.BinLid, StringComparer.Ordinal).ThenBy(d => d.Roi)
            .Select(d => new ExportLabel(d.BinLid, d.Roi, d.ClassName))];
    }

    /// <summary>The ROI count of each of <paramref name="bins"/> in the dataset, as ingested (bins not found are left out).</summary>
    public async Task<Dictionary<string, int>> RoiCountsAsync(int datasetId, IEnumerable<string> bins, CancellationToken ct)
    {
        var wanted = bins.Distinct(StringComparer.Ordinal).ToList();
        await using var db = database.CreateContext();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(500))
        {
            foreach (var b in await db.Bins.Where(b => b.DatasetId == datasetId && chunk.Contains(b.Lid)).Select(b => new { b.Lid, b.RoiCount }).ToListAsync(ct))
            {
                counts[b.Lid] = b.RoiCount;
            }
        }

        return counts;
    }

    /// <summary>
    /// Stores existing manual annotations as decisions of the account <paramref name="annotator"/> (made without a
    /// password when new) in the dataset (made when new), queue <c>import</c>; returns (added, replaced).
    /// </summary>
    public async Task<(int Added, int Replaced)> ImportAsync(string dataset, IReadOnlyList<RoiLabel> labels, string annotator, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Ingest.PushValidator.CheckDatasetName(dataset);
        var userId = await new Auth.UserService(database).ImportAccountAsync(annotator, ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var db = database.CreateContext();
        var ds = await db.Datasets.FirstOrDefaultAsync(d => d.Name == dataset, ct);
        if (ds is null)
        {
            ds = db.Datasets.Add(new DatasetRow { Name = dataset, CreatedMs = now }).Entity;
            await db.SaveChangesAsync(ct);
        }

        int added = 0, replaced = 0;
        foreach (var bin in labels.GroupBy(l => l.Bin.Lid))
        {
            var existing = await db.ValidationDecisions.AsTracking().Where(d => d.DatasetId == ds.Id && d.BinLid == bin.Key && d.UserId == userId)
                .ToDictionaryAsync(d => d.Roi, ct);
            foreach (var label in bin)
            {
                CheckClassName(label.Class);
                if (existing.TryGetValue(label.Target, out var row))
                {
                    replaced++;
                }
                else
                {
                    added++;
                    row = db.ValidationDecisions.Add(new ValidationDecisionRow { DatasetId = ds.Id, BinLid = bin.Key, Roi = label.Target, UserId = userId }).Entity;
                    existing[label.Target] = row;
                }

                row.ClassName = label.Class;
                row.Queue = ValidationQueue.Import;
                row.SampleTimeMs = label.Bin.Timestamp.ToUnixTimeMilliseconds();
                row.CreatedMs = now;
            }
        }

        db.Audit.Add(new AuditRow { TimeMs = now, Action = "labels-import", Dataset = dataset, Detail = $"annotator={annotator} added={added} replaced={replaced}" });
        await db.SaveChangesAsync(ct);
        return (added, replaced);
    }

    private static long? SampleTime(string lid) => Ifcb.Data.Ids.BinId.TryParse(lid, out var id) ? id.Timestamp.ToUnixTimeMilliseconds() : null;

    /// <summary>Class names: 1-200 characters, no control characters.</summary>
    public static void CheckClassName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl) || name.Trim() != name)
        {
            throw new ValidationInputException($"class '{name}' must be 1-200 characters without control characters or surrounding spaces");
        }
    }
}
