using System.Globalization;
using System.Text;
using Ifcb.Data;
using Ifcb.Data.IO;
using Ifcb.Quantification;
using Microsoft.Data.Sqlite;

namespace Ifcb.Inference.Summary;

/// <summary>
/// The run summary: <c>summary.csv</c> (long: one row per bin x class) and <c>summary.sqlite</c> (tables <c>bins</c>,
/// <c>classes</c>, <c>counts</c>). Shards write <c>summary-K-of-N.*</c>; <see cref="ReadRun"/> merges them.
/// </summary>
public static class SummaryStore
{
    /// <summary>The CSV header of the raw counts (summaries written before count correction end here).</summary>
    public const string RawHeader = "bin,timestamp,instrument,roi_count,ml_analyzed,class,threshold,winner_count,winner_per_ml,above_threshold_count,above_threshold_per_ml";

    /// <summary>The columns count correction adds after the raw ones (empty cells when not corrected or flagged).</summary>
    public const string CorrectedColumns = "correction_method,corrected_count,corrected_low,corrected_high,corrected_per_ml,corrected_low_per_ml,corrected_high_per_ml,corrected_per_l,corrected_low_per_l,corrected_high_per_l,correction_note";

    /// <summary>The CSV header.</summary>
    public const string Header = RawHeader + "," + CorrectedColumns;

    /// <summary>Writes <c>summary{suffix}.csv</c> and <c>summary{suffix}.sqlite</c> into <paramref name="root"/>, atomically.</summary>
    public static void Write(string root, string suffix, IReadOnlyList<string> labels, IReadOnlyList<float>? thresholds, IReadOnlyList<BinSummary> bins)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(bins);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var bin in bins)
        {
            for (var c = 0; c < labels.Count; c++)
            {
                text.Append(bin.Lid).Append(',').Append(Iso(bin.Timestamp)).Append(',').Append(bin.Instrument).Append(',')
                    .Append(bin.RoiCount.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(bin.MlAnalyzed)).Append(',')
                    .Append(Csv.Quote(labels[c])).Append(',').Append(thresholds is null ? string.Empty : Number(thresholds[c])).Append(',')
                    .Append(bin.WinnerCounts[c].ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(bin.Concentration(bin.WinnerCounts[c]))).Append(',')
                    .Append(bin.AboveThresholdCounts[c].ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(bin.Concentration(bin.AboveThresholdCounts[c])));
                AppendCorrected(text, bin, c);
                text.Append('\n');
            }
        }

        AtomicFile.WriteAllText(Path.Combine(root, $"summary{suffix}.csv"), text.ToString());
        WriteSqlite(Path.Combine(root, $"summary{suffix}.sqlite"), labels, thresholds, bins);
    }

    /// <summary>Reads and merges every <c>summary*.csv</c> of a run folder (or one summary CSV file).</summary>
    public static SummaryTable ReadRun(string path) => SummaryMerge.Read([path]).ToTable();

    // correction_method .. correction_note for class c of a bin.
    private static void AppendCorrected(StringBuilder text, BinSummary bin, int c)
    {
        if (bin.Corrected is not { } corrected)
        {
            text.Append(",none,,,,,,,,,,");
            return;
        }

        var e = Rounded(corrected.Classes[c]);
        text.Append(',').Append(corrected.Method.Name());
        foreach (var value in new[] { e.Count, e.Low, e.High })
        {
            text.Append(',').Append(Count(value));
        }

        foreach (var scale in new[] { 1.0, 1000.0 })
        {
            foreach (var value in new[] { e.Count, e.Low, e.High })
            {
                text.Append(',').Append(double.IsNaN(value) ? string.Empty : Number(bin.Concentration(value) * scale));
            }
        }

        text.Append(',').Append(Csv.Quote(e.Note));
    }

    // Corrected counts are stored to 3 decimals, and their concentrations derive from the stored value, so a summary
    // read back (SummaryMerge) and written again is byte-identical.
    private static ClassEstimate Rounded(ClassEstimate e)
        => e with { Count = Math.Round(e.Count, 3), Low = Math.Round(e.Low, 3), High = Math.Round(e.High, 3) };

    internal static string Count(double value) => double.IsNaN(value) ? string.Empty : Math.Round(value, 3).ToString("R", CultureInfo.InvariantCulture);

    internal static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    internal static double ParseNumber(string text) => text.Length == 0 ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static void WriteSqlite(string path, IReadOnlyList<string> labels, IReadOnlyList<float>? thresholds, IReadOnlyList<BinSummary> bins)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
        try
        {
            // No pooling: the file must be closed before the rename.
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
            {
                connection.Open();
                using var transaction = connection.BeginTransaction();
                Execute(connection, """
                    CREATE TABLE bins (bin TEXT PRIMARY KEY, timestamp TEXT NOT NULL, instrument TEXT NOT NULL, roi_count INTEGER NOT NULL, ml_analyzed REAL);
                    CREATE TABLE classes (class_index INTEGER PRIMARY KEY, class TEXT NOT NULL UNIQUE, threshold REAL);
                    CREATE TABLE counts (bin TEXT NOT NULL REFERENCES bins(bin), class TEXT NOT NULL REFERENCES classes(class),
                        winner_count INTEGER NOT NULL, winner_per_ml REAL, above_threshold_count INTEGER NOT NULL, above_threshold_per_ml REAL,
                        correction_method TEXT NOT NULL, corrected_count REAL, corrected_low REAL, corrected_high REAL,
                        corrected_per_ml REAL, corrected_low_per_ml REAL, corrected_high_per_ml REAL,
                        corrected_per_l REAL, corrected_low_per_l REAL, corrected_high_per_l REAL, correction_note TEXT,
                        PRIMARY KEY (bin, class));
                    """);
                using (var insert = Command(connection, "INSERT INTO classes VALUES ($i, $c, $t)", "$i", "$c", "$t"))
                {
                    for (var c = 0; c < labels.Count; c++)
                    {
                        Run(insert, c, labels[c], thresholds is null ? DBNull.Value : thresholds[c]);
                    }
                }

                using var insertBin = Command(connection, "INSERT INTO bins VALUES ($b, $t, $i, $n, $m)", "$b", "$t", "$i", "$n", "$m");
                using var insertCount = Command(connection, "INSERT INTO counts VALUES ($b, $c, $w, $wc, $a, $ac, $m, $k, $kl, $kh, $km, $kml, $kmh, $kL, $kLl, $kLh, $n)", "$b", "$c", "$w", "$wc", "$a", "$ac", "$m", "$k", "$kl", "$kh", "$km", "$kml", "$kmh", "$kL", "$kLl", "$kLh", "$n");
                foreach (var bin in bins)
                {
                    Run(insertBin, bin.Lid, Iso(bin.Timestamp), bin.Instrument, bin.RoiCount, Nullable(bin.MlAnalyzed));
                    for (var c = 0; c < labels.Count; c++)
                    {
                        var e = bin.Corrected is { } corrected ? Rounded(corrected.Classes[c]) : null;
                        double Value(Func<ClassEstimate, double> pick, double scale) => e is null ? double.NaN : scale == 0 ? pick(e) : bin.Concentration(pick(e)) * scale;
                        Run(insertCount, bin.Lid, labels[c], bin.WinnerCounts[c], Nullable(bin.Concentration(bin.WinnerCounts[c])), bin.AboveThresholdCounts[c], Nullable(bin.Concentration(bin.AboveThresholdCounts[c])),
                            bin.Corrected?.Method.Name() ?? "none",
                            Nullable(Value(x => x.Count, 0)), Nullable(Value(x => x.Low, 0)), Nullable(Value(x => x.High, 0)),
                            Nullable(Value(x => x.Count, 1)), Nullable(Value(x => x.Low, 1)), Nullable(Value(x => x.High, 1)),
                            Nullable(Value(x => x.Count, 1000)), Nullable(Value(x => x.Low, 1000)), Nullable(Value(x => x.High, 1000)),
                            e is null || e.Note.Length == 0 ? DBNull.Value : e.Note);
                    }
                }

                transaction.Commit();
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static object Nullable(double value) => double.IsNaN(value) ? DBNull.Value : value;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
