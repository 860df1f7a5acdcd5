using System.Data;
using System.Data.Common;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Ifcb.Server.Data;

/// <summary>
/// The ingest's bulk writes without EF change tracking, on the caller's connection and transaction: per-class rows
/// (multi-row INSERT on SQLite, binary COPY on PostgreSQL) and the hour/day series buckets (one multi-row upsert,
/// the same SQL on both). Ingest writes one bin at a time with it; the benchmark fills a database with many bins
/// per call through the same code, so the series reads exactly what ingest writes.
/// </summary>
public static class BulkRows
{
    /// <summary>Bucket widths kept in <c>series_buckets</c>: an hour and a day.</summary>
    public static readonly long[] Widths = [3_600_000, 86_400_000];

    private const string ClassColumns = "bin_result_id, class_index, dataset_id, model_id, sample_time_ms, ml_analyzed, winner_count, above_threshold_count, threshold, "
        + "winner_per_ml, winner_per_l, above_per_ml, above_per_l, corrected_method, corrected_count, corrected_low, corrected_high";

    /// <summary>Inserts <paramref name="rows"/> into <c>class_results</c>.</summary>
    public static async Task InsertClassResultsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ClassResultRow> rows, CancellationToken ct)
    {
        if (connection is NpgsqlConnection pg)
        {
            await using var import = await pg.BeginBinaryImportAsync($"COPY class_results ({ClassColumns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var r in rows)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(r.BinResultId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(r.ClassIndex, NpgsqlDbType.Integer, ct);
                await import.WriteAsync(r.DatasetId, NpgsqlDbType.Integer, ct);
                await import.WriteAsync(r.ModelId, NpgsqlDbType.Integer, ct);
                await import.WriteAsync(r.SampleTimeMs, NpgsqlDbType.Bigint, ct);
                await WriteAsync(import, r.MlAnalyzed, ct);
                await import.WriteAsync(r.WinnerCount, NpgsqlDbType.Integer, ct);
                await import.WriteAsync(r.AboveThresholdCount, NpgsqlDbType.Integer, ct);
                await WriteAsync(import, r.Threshold, ct);
                await WriteAsync(import, r.WinnerPerMl, ct);
                await WriteAsync(import, r.WinnerPerL, ct);
                await WriteAsync(import, r.AbovePerMl, ct);
                await WriteAsync(import, r.AbovePerL, ct);
                if (r.CorrectedMethod is null)
                {
                    await import.WriteNullAsync(ct);
                }
                else
                {
                    await import.WriteAsync(r.CorrectedMethod, NpgsqlDbType.Text, ct);
                }

                await WriteAsync(import, r.CorrectedCount, ct);
                await WriteAsync(import, r.CorrectedLow, ct);
                await WriteAsync(import, r.CorrectedHigh, ct);
            }

            await import.CompleteAsync(ct);
            return;
        }

        const int perStatement = 1000;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var n = Math.Min(perStatement, rows.Count - start);
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO class_results (").Append(ClassColumns).Append(") VALUES ");
            for (var i = 0; i < n; i++)
            {
                var r = rows[start + i];
                sql.Append(i == 0 ? "(" : ",(");
                var p = i * 17;
                Add(cmd, sql, p, r.BinResultId, DbType.Int64, false);
                Add(cmd, sql, p + 1, r.ClassIndex, DbType.Int32);
                Add(cmd, sql, p + 2, r.DatasetId, DbType.Int32);
                Add(cmd, sql, p + 3, r.ModelId, DbType.Int32);
                Add(cmd, sql, p + 4, r.SampleTimeMs, DbType.Int64);
                Add(cmd, sql, p + 5, r.MlAnalyzed, DbType.Double);
                Add(cmd, sql, p + 6, r.WinnerCount, DbType.Int32);
                Add(cmd, sql, p + 7, r.AboveThresholdCount, DbType.Int32);
                Add(cmd, sql, p + 8, r.Threshold, DbType.Double);
                Add(cmd, sql, p + 9, r.WinnerPerMl, DbType.Double);
                Add(cmd, sql, p + 10, r.WinnerPerL, DbType.Double);
                Add(cmd, sql, p + 11, r.AbovePerMl, DbType.Double);
                Add(cmd, sql, p + 12, r.AbovePerL, DbType.Double);
                Add(cmd, sql, p + 13, r.CorrectedMethod, DbType.String);
                Add(cmd, sql, p + 14, r.CorrectedCount, DbType.Double);
                Add(cmd, sql, p + 15, r.CorrectedLow, DbType.Double);
                Add(cmd, sql, p + 16, r.CorrectedHigh, DbType.Double);
                sql.Append(')');
            }

            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Adds <paramref name="rows"/> (per-class results, any number of bins) to their hour and day buckets: summed in
    /// memory first, then one upsert per bucket row. Rows without a volume are left out.
    /// </summary>
    public static async Task AddToSeriesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<ClassResultRow> rows, CancellationToken ct)
    {
        var sums = new Dictionary<(int Dataset, int Model, int Class, long Width, long Start), SeriesBucketRow>();
        foreach (var r in rows)
        {
            if (r.MlAnalyzed is not { } ml)
            {
                continue;
            }

            foreach (var width in Widths)
            {
                var start = Math.DivRem(r.SampleTimeMs, width, out var rem) * width;
                if (rem < 0)
                {
                    start -= width;
                }

                var key = (r.DatasetId, r.ModelId, r.ClassIndex, width, start);
                if (!sums.TryGetValue(key, out var b))
                {
                    b = new SeriesBucketRow { DatasetId = r.DatasetId, ModelId = r.ModelId, ClassIndex = r.ClassIndex, WidthMs = width, StartMs = start };
                    sums[key] = b;
                }

                b.Bins++;
                b.MlAnalyzed += ml;
                b.WinnerCount += r.WinnerCount;
                b.AboveThresholdCount += r.AboveThresholdCount;
                if (r.CorrectedCount is { } cc)
                {
                    b.CorrectedBins++;
                    b.CorrectedCount = (b.CorrectedCount ?? 0) + cc;
                    b.CorrectedLow = Plus(b.CorrectedLow, r.CorrectedLow);
                    b.CorrectedHigh = Plus(b.CorrectedHigh, r.CorrectedHigh);
                }
            }
        }

        const int perStatement = 1000;
        var list = sums.Values.ToList();
        for (var start = 0; start < list.Count; start += perStatement)
        {
            var n = Math.Min(perStatement, list.Count - start);
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO series_buckets (dataset_id, model_id, class_index, width_ms, start_ms, bins, ml_analyzed, winner_count, "
                + "above_threshold_count, corrected_bins, corrected_count, corrected_low, corrected_high) VALUES ");
            for (var i = 0; i < n; i++)
            {
                var b = list[start + i];
                sql.Append(i == 0 ? "(" : ",(");
                var p = i * 13;
                Add(cmd, sql, p, b.DatasetId, DbType.Int32, false);
                Add(cmd, sql, p + 1, b.ModelId, DbType.Int32);
                Add(cmd, sql, p + 2, b.ClassIndex, DbType.Int32);
                Add(cmd, sql, p + 3, b.WidthMs, DbType.Int64);
                Add(cmd, sql, p + 4, b.StartMs, DbType.Int64);
                Add(cmd, sql, p + 5, b.Bins, DbType.Int32);
                Add(cmd, sql, p + 6, b.MlAnalyzed, DbType.Double);
                Add(cmd, sql, p + 7, b.WinnerCount, DbType.Int64);
                Add(cmd, sql, p + 8, b.AboveThresholdCount, DbType.Int64);
                Add(cmd, sql, p + 9, b.CorrectedBins, DbType.Int32);
                Add(cmd, sql, p + 10, b.CorrectedCount, DbType.Double);
                Add(cmd, sql, p + 11, b.CorrectedLow, DbType.Double);
                Add(cmd, sql, p + 12, b.CorrectedHigh, DbType.Double);
                sql.Append(')');
            }

            // COALESCE(a + b, a, b): a sum that stays null only while both sides are null (SQL SUM's rule).
            sql.Append(" ON CONFLICT (dataset_id, model_id, class_index, width_ms, start_ms) DO UPDATE SET ")
                .Append("bins = series_buckets.bins + excluded.bins, ")
                .Append("ml_analyzed = series_buckets.ml_analyzed + excluded.ml_analyzed, ")
                .Append("winner_count = series_buckets.winner_count + excluded.winner_count, ")
                .Append("above_threshold_count = series_buckets.above_threshold_count + excluded.above_threshold_count, ")
                .Append("corrected_bins = series_buckets.corrected_bins + excluded.corrected_bins, ")
                .Append("corrected_count = COALESCE(series_buckets.corrected_count + excluded.corrected_count, series_buckets.corrected_count, excluded.corrected_count), ")
                .Append("corrected_low = COALESCE(series_buckets.corrected_low + excluded.corrected_low, series_buckets.corrected_low, excluded.corrected_low), ")
                .Append("corrected_high = COALESCE(series_buckets.corrected_high + excluded.corrected_high, series_buckets.corrected_high, excluded.corrected_high)");
            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Runs <paramref name="sql"/> with positional values @p0, @p1... and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params (object? Value, DbType Type)[] values)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.DbType = values[i].Type;
            p.Value = values[i].Value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }

        return await cmd.ExecuteScalarAsync(ct);
    }

    private static double? Plus(double? a, double? b) => a is null ? b : b is null ? a : a + b;

    private static async Task WriteAsync(NpgsqlBinaryImporter import, double? value, CancellationToken ct)
    {
        if (value is { } v)
        {
            await import.WriteAsync(v, NpgsqlDbType.Double, ct);
        }
        else
        {
            await import.WriteNullAsync(ct);
        }
    }

    private static void Add(DbCommand cmd, StringBuilder sql, int index, object? value, DbType type, bool comma = true)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@p" + index;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        if (comma)
        {
            sql.Append(',');
        }

        sql.Append("@p").Append(index);
    }
}
