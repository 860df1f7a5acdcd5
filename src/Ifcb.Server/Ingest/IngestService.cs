using System.Data;
using System.Globalization;
using System.Text.Json;
using Ifcb.Server.Alerts;
using Ifcb.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Ifcb.Server.Ingest;

/// <summary>
/// Stores one bin's results: validation, then one transaction that writes the bin, its per-class results, its
/// per-ROI scores, the alert events it raises and their webhook outbox rows, and an audit line. Idempotent on
/// (dataset, bin, model id): the first write wins and later pushes return <see cref="IngestOutcome.Created"/> false.
/// The push endpoint calls it; a satellite webhook can call it with a <see cref="BinPush"/> built from a decoded message.
/// </summary>
public sealed class IngestService(HubDatabase database, WebhookSignal webhooks, ILogger<IngestService> logger) : IDisposable
{
    // SQLite has one writer at a time; queueing writers here is cheaper than letting them spin on SQLITE_BUSY.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    // (dataset, model id) pairs already stored, with what a push needs of them: ids, the model's hash and classes.
    // Datasets, models and their classes are never changed or deleted once stored, and default rules are seeded on a
    // pair's first push, so a known pair skips those look-ups. Filled only after a commit.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Dataset, string Model), Known> _known = new();

    private sealed record Known(int DatasetId, int ModelId, string Sha256, string[] ClassNames);

    /// <summary>Validates and stores <paramref name="push"/> into <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The dataset name (created on first use).</param>
    /// <param name="push">The payload of the push contract.</param>
    /// <param name="tokenId">The API token that wrote it, for the audit (null for internal callers).</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is written then.</param>
    /// <exception cref="PushValidationException">The payload is invalid; nothing was written.</exception>
    public async Task<IngestOutcome> IngestAsync(string dataset, BinPush push, int? tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        PushValidator.CheckDatasetName(dataset);
        var valid = PushValidator.Validate(push);
        var file = new ScoresFile();
        try
        {
            // The usual push is of a known (dataset, model): its score file is written before the SQLite writer's
            // turn, so the file's flush to disk never holds the single writer. A model's first push writes it inside.
            if (valid.Scores is not null && _known.TryGetValue((dataset, valid.ModelKey), out var known) && TryIndex(known.ClassNames, valid.Classes, out var index))
            {
                await WriteScoresAsync(dataset, valid, index, known.ClassNames.Length, file, cancellationToken);
            }

            if (!database.IsPostgres)
            {
                await _sqliteWriter.WaitAsync(cancellationToken);
            }

            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var outcome = await TryIngestAsync(dataset, valid, tokenId, file, cancellationToken);
                        if (outcome.AlertsRaised > 0)
                        {
                            webhooks.Notify();
                        }

                        return outcome;
                    }
                    catch (DbUpdateException ex) when (attempt < 5)
                    {
                        // A concurrent push created the same dataset, model or (bin, model) first: look again.
                        if (logger.IsEnabled(LogLevel.Debug))
                        {
                            logger.LogDebug(ex, "ingest of {Bin} retried after a conflicting write", valid.Bin.Lid);
                        }
                    }
                }
            }
            finally
            {
                if (!database.IsPostgres)
                {
                    _sqliteWriter.Release();
                }
            }
        }
        finally
        {
            // Not stored (a duplicate, a bad payload, a failure): the file this push wrote is not referenced.
            if (file.Path is { } path && !file.Committed)
            {
                database.Scores.Delete(path);
            }
        }
    }

    /// <summary>The score file one push wrote (its scores in the model's class order), and whether its row committed.</summary>
    private sealed class ScoresFile
    {
        public string? Path { get; set; }

        public byte[]? Scores { get; set; }

        public bool Committed { get; set; }
    }

    private async Task WriteScoresAsync(string dataset, ValidatedPush v, Dictionary<string, int> index, int classCount, ScoresFile file, CancellationToken ct)
    {
        // Scores arrive in the push's class order; they are stored in the model's class order.
        file.Scores = Reorder(v.Scores!, v.ScoreRows, v.Classes, index);
        file.Path = await database.Scores.WriteAsync(dataset, v.Bin.Lid, v.SampleTime, v.RoiNumbers, file.Scores, classCount, ct);
    }

    private static bool TryIndex(string[] classNames, IReadOnlyList<PushClass> classes, out Dictionary<string, int> index)
    {
        index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classNames.Length; i++)
        {
            index[classNames[i]] = i;
        }

        var local = index;
        return classes.Count == classNames.Length && classes.All(c => local.ContainsKey(c.Name!));
    }

    /// <inheritdoc/>
    public void Dispose() => _sqliteWriter.Dispose();

    /// <summary>True when (dataset, bin, model id) is stored: clients use it to skip bins.</summary>
    public async Task<bool> ExistsAsync(string dataset, string bin, string modelKey, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await (from d in db.Datasets
                      join b in db.Bins on d.Id equals b.DatasetId
                      join r in db.BinResults on b.Id equals r.BinId
                      join m in db.Models on r.ModelId equals m.Id
                      where d.Name == dataset && b.Lid == bin && m.Key == modelKey
                      select r.Id).AnyAsync(cancellationToken);
    }

    private async Task<IngestOutcome> TryIngestAsync(string dataset, ValidatedPush v, int? tokenId, ScoresFile file, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        DatasetRow? ds = null;
        ModelRow? model = null;
        string[] classNames;
        int datasetId, modelId;
        if (_known.TryGetValue((dataset, v.ModelKey), out var known))
        {
            if (!string.Equals(known.Sha256, v.Sha256, StringComparison.Ordinal))
            {
                throw new PushValidationException("model.sha256", $"model '{v.ModelKey}' is stored with sha256 {known.Sha256}; a different file needs a different model id");
            }

            (datasetId, modelId, classNames) = (known.DatasetId, known.ModelId, known.ClassNames);
        }
        else
        {
            ds = await db.Datasets.AsTracking().FirstOrDefaultAsync(d => d.Name == dataset, ct);
            if (ds is null)
            {
                ds = new DatasetRow { Name = dataset, Instrument = v.Instrument, Latitude = v.Source.Latitude, Longitude = v.Source.Longitude, CreatedMs = now };
                db.Datasets.Add(ds);
                await db.SaveChangesAsync(ct);
            }

            model = await db.Models.FirstOrDefaultAsync(m => m.Key == v.ModelKey, ct);
            if (model is null)
            {
                model = new ModelRow { Key = v.ModelKey, Sha256 = v.Sha256, CardJson = v.CardJson, ClassCount = v.Classes.Count, CreatedMs = now };
                db.Models.Add(model);
                await db.SaveChangesAsync(ct);
                classNames = [.. v.Classes.Select(c => c.Name!)];
                for (var i = 0; i < classNames.Length; i++)
                {
                    db.ModelClasses.Add(new ModelClassRow { ModelId = model.Id, ClassIndex = i, Name = classNames[i] });
                }
            }
            else
            {
                if (!string.Equals(model.Sha256, v.Sha256, StringComparison.Ordinal))
                {
                    throw new PushValidationException("model.sha256", $"model '{v.ModelKey}' is stored with sha256 {model.Sha256}; a different file needs a different model id");
                }

                classNames = [.. (await db.ModelClasses.Where(c => c.ModelId == model.Id).OrderBy(c => c.ClassIndex).Select(c => c.Name).ToListAsync(ct))];
            }

            (datasetId, modelId) = (ds.Id, model.Id);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classNames.Length; i++)
        {
            index[classNames[i]] = i;
        }

        for (var i = 0; i < v.Classes.Count; i++)
        {
            if (!index.ContainsKey(v.Classes[i].Name!))
            {
                throw new PushValidationException($"classes[{i}].name", $"class '{v.Classes[i].Name}' is not a class of model '{v.ModelKey}'");
            }
        }

        if (v.Classes.Count != classNames.Length)
        {
            var missing = classNames.Except(v.Classes.Select(c => c.Name!)).First();
            throw new PushValidationException("classes", $"class '{missing}' of model '{v.ModelKey}' is missing: push every class of the model");
        }

        var connection = db.Database.GetDbConnection();
        var dbTx = tx.GetDbTransaction();
        var binId = await db.Bins.Where(b => b.DatasetId == datasetId && b.Lid == v.Bin.Lid).Select(b => (long?)b.Id).FirstOrDefaultAsync(ct);
        var sampleTimeMs = v.SampleTime.ToUnixTimeMilliseconds();
        var ml = v.MlAnalyzed;
        if (binId is { } knownBin)
        {
            var existing = await db.BinResults.Where(r => r.BinId == knownBin && r.ModelId == modelId).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            if (existing is { } id)
            {
                await tx.RollbackAsync(ct);
                return new IngestOutcome(false, id, 0);
            }

            // The bin's metadata is the first push's: the series and concentrations use the stored volume and time.
            var stored = await db.Bins.Where(b => b.Id == knownBin).Select(b => new { b.SampleTimeMs, b.MlAnalyzed }).FirstAsync(ct);
            sampleTimeMs = stored.SampleTimeMs;
            ml = stored.MlAnalyzed;
        }
        else
        {
            // Bulk rows go through plain SQL on the context's connection and transaction: no change tracking.
            binId = Convert.ToInt64(await BulkRows.ScalarAsync(connection, dbTx,
                "INSERT INTO bins (dataset_id, lid, sample_time_ms, instrument, ml_analyzed, roi_count, latitude, longitude, depth, qc_flags, created_ms) "
                + "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) RETURNING id", ct,
                (datasetId, DbType.Int32), (v.Bin.Lid, DbType.String), (sampleTimeMs, DbType.Int64), (v.Instrument, DbType.String), (ml, DbType.Double),
                (v.RoiCount, DbType.Int32), (v.Source.Latitude, DbType.Double), (v.Source.Longitude, DbType.Double), (v.Source.Depth, DbType.Double),
                (string.Join(',', v.Source.QcFlags ?? []), DbType.String), (now, DbType.Int64)), CultureInfo.InvariantCulture);
        }

        var resultId = Convert.ToInt64(await BulkRows.ScalarAsync(connection, dbTx,
            "INSERT INTO bin_results (bin_id, model_id, dataset_id, sample_time_ms, token_id, created_ms) VALUES (@p0, @p1, @p2, @p3, @p4, @p5) RETURNING id", ct,
            (binId.Value, DbType.Int64), (modelId, DbType.Int32), (datasetId, DbType.Int32), (sampleTimeMs, DbType.Int64), (tokenId, DbType.Int32), (now, DbType.Int64)),
            CultureInfo.InvariantCulture);

        // Counts in model class order, whatever order the push listed them in.
        var winners = new int[classNames.Length];
        var classRows = new ClassResultRow[classNames.Length];
        foreach (var c in v.Classes)
        {
            var i = index[c.Name!];
            winners[i] = c.WinnerCount!.Value;
            var above = c.AboveThresholdCount!.Value;
            classRows[i] = new ClassResultRow
            {
                BinResultId = resultId,
                ClassIndex = i,
                DatasetId = datasetId,
                ModelId = modelId,
                SampleTimeMs = sampleTimeMs,
                MlAnalyzed = ml,
                WinnerCount = winners[i],
                AboveThresholdCount = above,
                Threshold = c.Threshold,
                WinnerPerMl = winners[i] / ml,
                WinnerPerL = winners[i] / ml * 1000.0,
                AbovePerMl = above / ml,
                AbovePerL = above / ml * 1000.0,
                CorrectedMethod = c.Corrected?.Method,
                CorrectedCount = c.Corrected?.Count,
                CorrectedLow = c.Corrected?.Low,
                CorrectedHigh = c.Corrected?.High,
            };
        }

        await BulkRows.InsertClassResultsAsync(connection, dbTx, classRows, ct);
        await BulkRows.AddToSeriesAsync(connection, dbTx, classRows, ct);

        byte[]? scores = null;
        var rows = 0;
        if (v.Scores is not null && v.RoiNumbers is not null)
        {
            // The model's first push writes its file here (the order of its classes is known only now).
            if (file.Path is null)
            {
                await WriteScoresAsync(dataset, v, index, classNames.Length, file, ct);
            }

            scores = file.Scores;
            rows = v.ScoreRows;
            await BulkRows.ScalarAsync(connection, dbTx, "INSERT INTO roi_scores (bin_result_id, roi_count, class_count, roi_numbers, scores, file) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)", ct,
                (resultId, DbType.Int64), (rows, DbType.Int32), (classNames.Length, DbType.Int32), (Array.Empty<byte>(), DbType.Binary), (Array.Empty<byte>(), DbType.Binary),
                (file.Path, DbType.String));
        }

        if (ds is not null)
        {
            SeedDefaultRules(db, ds, classNames, now);
            await db.SaveChangesAsync(ct);
        }

        var raised = 0;
        // A bin without a volume has no concentration, so it raises no alert.
        var rules = ml is null ? [] : await db.AlertRules.Where(r => r.DatasetId == datasetId && r.Enabled && (r.ModelKey == null || r.ModelKey == v.ModelKey)).ToListAsync(ct);
        foreach (var rule in rules)
        {
            var value = AlertEvaluator.ValuePerL(rule, classNames, winners, ml!.Value, scores, rows);
            if (value < rule.LevelPerL || value <= 0)
            {
                continue;
            }

            var ev = new AlertEventRow
            {
                RuleId = rule.Id,
                DatasetId = datasetId,
                BinResultId = resultId,
                BinLid = v.Bin.Lid,
                ModelKey = v.ModelKey,
                SampleTimeMs = sampleTimeMs,
                ValuePerL = value,
                LevelPerL = rule.LevelPerL,
                CreatedMs = now,
            };
            db.AlertEvents.Add(ev);
            await db.SaveChangesAsync(ct);
            raised++;
            if (!string.IsNullOrWhiteSpace(rule.WebhookUrl))
            {
                var payload = JsonSerializer.Serialize(new
                {
                    @event = "alert",
                    dataset = dataset,
                    rule = rule.Name,
                    ruleId = rule.Id,
                    classes = rule.Classes.Split('|'),
                    bin = v.Bin.Lid,
                    model = v.ModelKey,
                    sampleTime = DateTimeOffset.FromUnixTimeMilliseconds(sampleTimeMs),
                    valuePerL = value,
                    levelPerL = rule.LevelPerL,
                });
                db.WebhookOutbox.Add(new WebhookOutboxRow { AlertEventId = ev.Id, Url = rule.WebhookUrl!, PayloadJson = payload, NextAttemptMs = now });
            }
        }

        db.Audit.Add(new AuditRow
        {
            TimeMs = now,
            TokenId = tokenId,
            Action = "push",
            Dataset = dataset,
            Detail = $"bin={v.Bin.Lid} model={v.ModelKey} classes={classNames.Length} rois={rows} alerts={raised}",
        });
        await db.SaveChangesAsync(ct);
        // Past this point the push is stored: a cancelled request must not leave the commit's outcome unknown, since
        // a push believed uncommitted deletes its score file.
        await tx.CommitAsync(CancellationToken.None);
        file.Committed = true;
        _known.TryAdd((dataset, v.ModelKey), new Known(datasetId, modelId, v.Sha256, classNames));
        return new IngestOutcome(true, resultId, raised);
    }

    private static byte[] Reorder(byte[] scores, int rows, IReadOnlyList<PushClass> classes, Dictionary<string, int> index)
    {
        var k = classes.Count;
        var identity = true;
        for (var i = 0; i < k && identity; i++)
        {
            identity = index[classes[i].Name!] == i;
        }

        if (identity)
        {
            return scores;
        }

        var output = new byte[scores.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < k; c++)
            {
                Buffer.BlockCopy(scores, ((r * k) + c) * 4, output, ((r * k) + index[classes[c].Name!]) * 4, 4);
            }
        }

        return output;
    }

    /// <summary>Adds the default rule of each HAB taxon this model has classes of, once per dataset.</summary>
    private static void SeedDefaultRules(HubDbContext db, DatasetRow ds, string[] classNames, long now)
    {
        var seeded = new HashSet<string>(ds.SeededTaxa.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var changed = false;
        foreach (var taxon in DefaultAlertRules.Taxa)
        {
            if (seeded.Contains(taxon.Key))
            {
                continue;
            }

            var members = DefaultAlertRules.Match(taxon, classNames);
            if (members.Count == 0)
            {
                continue;
            }

            db.AlertRules.Add(new AlertRuleRow
            {
                DatasetId = ds.Id,
                Name = taxon.Name,
                Classes = string.Join('|', members),
                LevelPerL = taxon.LevelPerL,
                Source = taxon.Source,
                CreatedMs = now,
            });
            seeded.Add(taxon.Key);
            changed = true;
        }

        if (changed)
        {
            ds.SeededTaxa = string.Join(',', seeded.Order(StringComparer.Ordinal));
        }
    }
}
