using System.Globalization;
using System.Text;
using Ifcb.Data;
using Ifcb.Data.IO;
using Microsoft.Data.Sqlite;

namespace Ifcb.Inference.Summary;

/// <summary>
/// The run summary: <c>summary.csv</c> (long: one row per bin x class) and <c>summary.sqlite</c> (tables <c>bins</c>,
/// <c>classes</c>, <c>counts</c>). Shards write <c>summary-K-of-N.*</c>; <see cref="ReadRun"/> merges them.
/// </summary>
public static class SummaryStore
{
    /// <summary>The CSV header.</summary>
    public const string Header = "bin,timestamp,instrument,roi_count,ml_analyzed,class,threshold,winner_count,winner_per_ml,above_threshold_count,above_threshold_per_ml";

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
                    .Append(bin.AboveThresholdCounts[c].ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(bin.Concentration(bin.AboveThresholdCounts[c]))).Append('\n');
            }
        }

        AtomicFile.WriteAllText(Path.Combine(root, $"summary{suffix}.csv"), text.ToString());
        WriteSqlite(Path.Combine(root, $"summary{suffix}.sqlite"), labels, thresholds, bins);
    }

    /// <summary>Reads and merges every <c>summary*.csv</c> of a run folder (or one summary CSV file).</summary>
    public static SummaryTable ReadRun(string path) => SummaryMerge.Read([path]).ToTable();

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
                using var insertCount = Command(connection, "INSERT INTO counts VALUES ($b, $c, $w, $wc, $a, $ac)", "$b", "$c", "$w", "$wc", "$a", "$ac");
                foreach (var bin in bins)
                {
                    Run(insertBin, bin.Lid, Iso(bin.Timestamp), bin.Instrument, bin.RoiCount, Nullable(bin.MlAnalyzed));
                    for (var c = 0; c < labels.Count; c++)
                    {
                        Run(insertCount, bin.Lid, labels[c], bin.WinnerCounts[c], Nullable(bin.Concentration(bin.WinnerCounts[c])), bin.AboveThresholdCounts[c], Nullable(bin.Concentration(bin.AboveThresholdCounts[c])));
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
