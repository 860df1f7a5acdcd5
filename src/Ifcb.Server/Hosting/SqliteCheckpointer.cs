using Ifcb.Server.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ifcb.Server.Hosting;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every half second (a passive checkpoint, which waits for
/// nobody), so that pushes do not pay for it in their commit: a push with per-ROI scores writes about 1.2 MB, and the
/// default automatic checkpoint every 4 MB ran inside every third push, holding the writer's turn. Nothing to do on
/// PostgreSQL. Without this service (ifcb serve import), SQLite's own automatic checkpoint still bounds the log.
/// </summary>
internal sealed class SqliteCheckpointer(HubDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.IsPostgres)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new SqliteConnection(database.ConnectionString);
                    await connection.OpenAsync(stoppingToken);
                    await using var cmd = connection.CreateCommand();
                    cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (SqliteException ex)
                {
                    logger.LogWarning(ex, "SQLite checkpoint failed; retried in 0.5 s");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
