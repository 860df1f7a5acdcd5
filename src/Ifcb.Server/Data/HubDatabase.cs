using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Ifcb.Server.Data;

/// <summary>Which database the hub uses, and how EF Core is configured for it.</summary>
public sealed class HubDatabase
{
    private HubDatabase(bool isPostgres, string connectionString, string dataDir)
    {
        IsPostgres = isPostgres;
        ConnectionString = connectionString;
        DataDir = dataDir;
        Scores = new ScoreStore(dataDir);
    }

    /// <summary>True for PostgreSQL, false for the embedded SQLite file.</summary>
    public bool IsPostgres { get; }

    /// <summary>The provider's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The hub's data folder (<c>--data</c>, else <c>hub-data</c>): score files and session keys, and the SQLite file by default.</summary>
    public string DataDir { get; }

    /// <summary>The per-ROI score files the <c>roi_scores</c> rows point at, under <see cref="DataDir"/>.</summary>
    public ScoreStore Scores { get; }

    /// <summary>A short description for logs and the CLI (no password).</summary>
    public string Describe()
    {
        if (IsPostgres)
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }

        return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
    }

    /// <summary>
    /// Picks the database: <paramref name="db"/> when given (a PostgreSQL keyword string or postgres:// URI, or a
    /// SQLite file path / "Data Source=" string), else <c>hub.db</c> under <paramref name="dataDir"/>.
    /// </summary>
    public static HubDatabase Resolve(string? dataDir, string? db)
    {
        var dir = string.IsNullOrWhiteSpace(dataDir) ? "hub-data" : dataDir;
        if (!string.IsNullOrWhiteSpace(db))
        {
            var text = db.Trim();
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return new HubDatabase(true, FromUri(text), dir);
            }

            if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase))
            {
                // Validates the keywords now, so a typo fails at start-up with the keyword named.
                return new HubDatabase(true, new NpgsqlConnectionStringBuilder(text).ConnectionString, dir);
            }

            var sqlite = text.Contains('=') ? new SqliteConnectionStringBuilder(text) : new SqliteConnectionStringBuilder { DataSource = text };
            return new HubDatabase(false, Sqlite(sqlite.DataSource), dir);
        }

        Directory.CreateDirectory(dir);
        return new HubDatabase(false, Sqlite(Path.Combine(dir, "hub.db")), dir);
    }

    private static string Sqlite(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        // Waits for a writer instead of failing with SQLITE_BUSY.
        DefaultTimeout = 60,
        Pooling = true,
    }.ConnectionString;

    private static string FromUri(string text)
    {
        var uri = new Uri(text);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/'),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                b.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        return b.ConnectionString;
    }

    /// <summary>Configures EF Core for this database.</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (IsPostgres)
        {
            options.UseNpgsql(ConnectionString);
        }
        else
        {
            options.UseSqlite(ConnectionString);
            options.AddInterceptors(SqlitePragmas.Instance);
        }

        // The migrations carry both providers' annotations; the snapshot was made with SQLite, so under
        // PostgreSQL the differ sees provider column types as changes. A test checks there are none on SQLite.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }

    /// <summary>
    /// Per-connection SQLite settings: with WAL, synchronous=NORMAL is durable against a killed process (commits
    /// reach the WAL file before the reply) and skips the fsync per commit; a power cut may lose the last commits,
    /// never corrupt the file. Clients retry what was not acknowledged.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(System.Data.Common.DbConnection connection)
        {
            using var cmd = connection.CreateCommand();
            // The hub's checkpointer copies the log every 0.5 s; the automatic checkpoint (inside a commit) is kept
            // as a backstop at 16 MB instead of 4 MB.
            cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=4096;";
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>A new context (callers dispose it).</summary>
    public HubDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<HubDbContext>();
        Configure(builder);
        return new HubDbContext(builder.Options);
    }

    /// <summary>Creates or upgrades the schema; on SQLite also switches to WAL so readers never wait for a writer.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        if (!IsPostgres)
        {
            var dir = Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        Scores.CleanIncoming();
    }
}
