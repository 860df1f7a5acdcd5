using System.Data;
using System.Data.Common;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Ifcb.Server.Data;

/// <summary>
/// The ingest's bulk writes without EF change tracking, on the caller's connection and transaction: per-class rows
/// (a prepared single-row INSERT on SQLite, binary COPY on PostgreSQL) and the hour/day series buckets (an upsert,
/// the same SQL on both: one prepared row at a time on SQLite, 1,000 rows a statement on PostgreSQL). Ingest writes one bin at a time with it; the benchmark fills a database with many bins
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

        // SQLite: one prepared single-row statement run per row (binding by name is linear in the number of
        // parameters, so a many-row statement costs quadratic time; a prepared row costs microseconds).
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = $"INSERT INTO class_results ({ClassColumns}) VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,@p11,@p12,@p13,@p14,@p15,@p16)";
        DbType[] types = [DbType.Int64, DbType.Int32, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Double, DbType.Int32, DbType.Int32, DbType.Double,
            DbType.Double, DbType.Double, DbType.Double, DbType.Double, DbType.String, DbType.Double, DbType.Double, DbType.Double];
        var ps = Parameters(cmd, types);
        foreach (var r in rows)
        {
            Set(ps, r.BinResultId, r.ClassIndex, r.DatasetId, r.ModelId, r.SampleTimeMs, r.MlAnalyzed, r.WinnerCount, r.AboveThresholdCount, r.Threshold,
                r.WinnerPerMl, r.WinnerPerL, r.AbovePerMl, r.AbovePerL, r.CorrectedMethod, r.CorrectedCount, r.CorrectedLow, r.CorrectedHigh);
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

        const string columns = "dataset_id, model_id, class_index, width_ms, start_ms, bins, ml_analyzed, winner_count, above_threshold_count, corrected_bins, "
            + "corrected_count, corrected_low, corrected_high";
        // COALESCE(a + b, a, b): a sum that stays null only while both sides are null (SQL SUM's rule).
        const string upsert = " ON CONFLICT (dataset_id, model_id, class_index, width_ms, start_ms) DO UPDATE SET "
            + "bins = series_buckets.bins + excluded.bins, "
            + "ml_analyzed = series_buckets.ml_analyzed + excluded.ml_analyzed, "
            + "winner_count = series_buckets.winner_count + excluded.winner_count, "
            + "above_threshold_count = series_buckets.above_threshold_count + excluded.above_threshold_count, "
            + "corrected_bins = series_buckets.corrected_bins + excluded.corrected_bins, "
            + "corrected_count = COALESCE(series_buckets.corrected_count + excluded.corrected_count, series_buckets.corrected_count, excluded.corrected_count), "
            + "corrected_low = COALESCE(series_buckets.corrected_low + excluded.corrected_low, series_buckets.corrected_low, excluded.corrected_low), "
            + "corrected_high = COALESCE(series_buckets.corrected_high + excluded.corrected_high, series_buckets.corrected_high, excluded.corrected_high)";
        DbType[] types = [DbType.Int32, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int32, DbType.Double, DbType.Int64, DbType.Int64,
            DbType.Int32, DbType.Double, DbType.Double, DbType.Double];
        static object?[] Values(SeriesBucketRow b) => [b.DatasetId, b.ModelId, b.ClassIndex, b.WidthMs, b.StartMs, b.Bins, b.MlAnalyzed, b.WinnerCount,
            b.AboveThresholdCount, b.CorrectedBins, b.CorrectedCount, b.CorrectedLow, b.CorrectedHigh];
        var list = sums.Values.ToList();
        if (connection is NpgsqlConnection)
        {
            // PostgreSQL: many rows a statement, positional parameters ($1, $2...), one round trip per 1,000 rows.
            const int perStatement = 1000;
            for (var start = 0; start < list.Count; start += perStatement)
            {
                var n = Math.Min(perStatement, list.Count - start);
                await using var cmd = connection.CreateCommand();
                cmd.Transaction = transaction;
                var sql = new StringBuilder("INSERT INTO series_buckets (").Append(columns).Append(") VALUES ");
                for (var i = 0; i < n; i++)
                {
                    sql.Append(i == 0 ? "(" : ",(");
                    var values = Values(list[start + i]);
                    for (var c = 0; c < values.Length; c++)
                    {
                        var p = cmd.CreateParameter();
                        p.DbType = types[c];
                        p.Value = values[c] ?? DBNull.Value;
                        cmd.Parameters.Add(p);
                        sql.Append(c == 0 ? "$" : ",$").Append(cmd.Parameters.Count);
                    }

                    sql.Append(')');
                }

                cmd.CommandText = sql.Append(upsert).ToString();
                await cmd.ExecuteNonQueryAsync(ct);
            }

            return;
        }

        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = transaction;
            cmd.CommandText = $"INSERT INTO series_buckets ({columns}) VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,@p11,@p12)" + upsert;
            var ps = Parameters(cmd, types);
            foreach (var b in list)
            {
                Set(ps, Values(b));
                await cmd.ExecuteNonQueryAsync(ct);
            }
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

    private static DbParameter[] Parameters(DbCommand cmd, DbType[] types)
    {
        var ps = new DbParameter[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            ps[i] = cmd.CreateParameter();
            ps[i].ParameterName = "@p" + i;
            ps[i].DbType = types[i];
            cmd.Parameters.Add(ps[i]);
        }

        return ps;
    }

    private static void Set(DbParameter[] ps, params object?[] values)
    {
        for (var i = 0; i < ps.Length; i++)
        {
            ps[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
