using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ifcb.Push;

/// <summary>
/// The durable outbox: a SQLite file (WAL, synchronous FULL) of payloads to push. A bin is queued before anything is
/// sent and marked sent only after the hub answered 200/201, so a power cut or <c>kill -9</c> at any moment loses
/// nothing; the worst case is one resend, which the hub's (dataset, bin, model) idempotency makes harmless.
/// Queuing the same (dataset, bin, model) twice keeps the first (a restarted run re-queues the bins it skips).
/// Safe to use from several threads of one process (one connection behind a lock).
/// </summary>
public sealed class Outbox : IDisposable
{
    /// <summary>The outbox file name in a run folder.</summary>
    public const string FileName = "outbox.sqlite";

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private Outbox(SqliteConnection connection) => _connection = connection;

    /// <summary>The file path.</summary>
    public string Path => _connection.DataSource;

    /// <summary>Raised after an item is queued (the sender wakes up on it).</summary>
    public event EventHandler? Queued;

    /// <summary>Opens (creating when missing) the outbox at <paramref name="path"/>.</summary>
    public static Outbox Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dataset TEXT NOT NULL, bin TEXT NOT NULL, model TEXT NOT NULL,
                payload TEXT NOT NULL, queued TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
                attempts INTEGER NOT NULL DEFAULT 0, http_status INTEGER, last_error TEXT, done TEXT,
                UNIQUE (dataset, bin, model));
            """);
        return new Outbox(connection);
    }

    /// <summary>Queues one payload; returns false when that (dataset, bin, model) was already queued (sent or not).</summary>
    public bool Enqueue(string dataset, PushPayload payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        ArgumentNullException.ThrowIfNull(payload);
        int added;
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO outbox (dataset, bin, model, payload, queued) VALUES ($d, $b, $m, $p, $t)";
            command.Parameters.AddWithValue("$d", dataset);
            command.Parameters.AddWithValue("$b", payload.Bin);
            command.Parameters.AddWithValue("$m", payload.Model.Id);
            command.Parameters.AddWithValue("$p", payload.ToJson());
            command.Parameters.AddWithValue("$t", Now());
            added = command.ExecuteNonQuery();
        }

        if (added > 0)
        {
            Queued?.Invoke(this, EventArgs.Empty);
        }

        return added > 0;
    }

    /// <summary>The oldest pending items, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<OutboxItem> Pending(int limit = 100)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, dataset, bin, model, payload, attempts FROM outbox WHERE state = 'pending' ORDER BY id LIMIT $n";
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            var items = new List<OutboxItem>();
            while (reader.Read())
            {
                items.Add(new OutboxItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
            }

            return items;
        }
    }

    /// <summary>The hub stored the item (or already had it).</summary>
    public void MarkSent(long id, int httpStatus) => Update(id, "sent", httpStatus, null);

    /// <summary>The hub refused the item for good (a bad payload): kept for the operator, never resent.</summary>
    public void MarkRejected(long id, int httpStatus, string error) => Update(id, "rejected", httpStatus, error);

    /// <summary>A send failed in a way that may heal (link down, server error): the item stays pending.</summary>
    public void RecordFailure(long id, string error)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET attempts = attempts + 1, last_error = $e WHERE id = $id";
            command.Parameters.AddWithValue("$e", error);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Counts per state, the time of the last delivery and the last error of a pending item.</summary>
    public OutboxState State()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending'), (SELECT COUNT(*) FROM outbox WHERE state = 'sent'),
                       (SELECT COUNT(*) FROM outbox WHERE state = 'rejected'), (SELECT MAX(done) FROM outbox WHERE state = 'sent'),
                       (SELECT last_error FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL ORDER BY id LIMIT 1)
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            return new OutboxState(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(4) ? null : reader.GetString(4));
        }
    }

    /// <summary>The bins the hub refused for good, with its status and message, so a command can name each one.</summary>
    public IReadOnlyList<(string Dataset, string Bin, int? HttpStatus, string? Error)> Rejected()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT dataset, bin, http_status, last_error FROM outbox WHERE state = 'rejected' ORDER BY id";
            using var reader = command.ExecuteReader();
            var rejected = new List<(string, string, int?, string?)>();
            while (reader.Read())
            {
                rejected.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return rejected;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private void Update(long id, string state, int httpStatus, string? error)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE outbox SET state = $s, http_status = $h, last_error = $e, done = $t, attempts = attempts + 1 WHERE id = $id";
            command.Parameters.AddWithValue("$s", state);
            command.Parameters.AddWithValue("$h", httpStatus);
            command.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
            command.Parameters.AddWithValue("$t", Now());
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
