using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ifcb.Edge.Tests;

/// <summary>
/// The real hub (<c>ifcb serve</c>: <see cref="HubServer.BuildAsync"/>, src/Ifcb.Server) in-process on a free port of
/// 127.0.0.1, on SQLite in a temp folder. It can be stopped (clients get connection refused) and started again on the
/// same port and database, to play a hub that is down for part of a run. What it stored is read from its database:
/// <see cref="StoredAsync"/> (one row per (dataset, bin, model) result) and <see cref="CreatesAsync"/> (the audit's
/// "push" rows: one per push that created a result, so a bin stored twice would show 2).
/// </summary>
public sealed class RealHub : IAsyncDisposable
{
    private readonly string _dir;
    private WebApplication? _app;
    private int _posts;

    private RealHub(string dir, HubDatabase database)
    {
        _dir = dir;
        Database = database;
    }

    /// <summary>The base URL (http://127.0.0.1:PORT/).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A token for every dataset ("*").</summary>
    public string Token { get; private set; } = "";

    /// <summary>Every POST that reached the server (across restarts).</summary>
    public int Posts => Volatile.Read(ref _posts);

    /// <summary>The hub's database (also while the server is stopped).</summary>
    public HubDatabase Database { get; }

    /// <summary>Starts a hub on a fresh SQLite database and creates a token valid for every dataset.</summary>
    public static async Task<RealHub> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-edge-hub-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var hub = new RealHub(dir, HubDatabase.Resolve(dir, null));
        await hub.StartOnAsync(0);
        hub.Token = await hub._app!.Services.GetRequiredService<TokenService>().CreateAsync("*", "edge-tests");
        return hub;
    }

    /// <summary>Creates a token that may write to <paramref name="dataset"/> only.</summary>
    public Task<string> TokenForAsync(string dataset)
        => (_app ?? throw new InvalidOperationException("the hub is stopped")).Services.GetRequiredService<TokenService>().CreateAsync(dataset, "edge-tests");

    /// <summary>Stops listening; the database is kept.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts again on the same port and database.</summary>
    public Task RestartAsync() => StartOnAsync(BaseUrl.Port);

    /// <summary>The stored (dataset, bin, model) results, from the hub's database.</summary>
    public async Task<List<(string Dataset, string Bin, string Model)>> StoredAsync()
    {
        await using var db = Database.CreateContext();
        var rows = await (from r in db.BinResults
                          join b in db.Bins on r.BinId equals b.Id
                          join d in db.Datasets on r.DatasetId equals d.Id
                          join m in db.Models on r.ModelId equals m.Id
                          select new { Dataset = d.Name, b.Lid, m.Key }).ToListAsync();
        return rows.Select(r => (r.Dataset, r.Lid, r.Key)).ToList();
    }

    /// <summary>How many pushes created a result, per bin (the audit's "push" rows): exactly once is 1 each.</summary>
    public async Task<Dictionary<string, int>> CreatesAsync()
    {
        await using var db = Database.CreateContext();
        var details = await db.Audit.Where(a => a.Action == "push").Select(a => a.Detail ?? "").ToListAsync();
        return details.Select(d => d.Split(' ')[0]["bin=".Length..]).GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The ROI count and per-class winner counts the hub stored for one bin.</summary>
    public async Task<(int RoiCount, int Winners)> CountsAsync(string dataset, string bin)
    {
        await using var db = Database.CreateContext();
        var row = await (from b in db.Bins
                         join d in db.Datasets on b.DatasetId equals d.Id
                         where d.Name == dataset && b.Lid == bin
                         select b).SingleAsync();
        var result = await db.BinResults.SingleAsync(r => r.BinId == row.Id);
        var winners = await db.ClassResults.Where(c => c.BinResultId == result.Id).SumAsync(c => c.WinnerCount);
        return (row.RoiCount, winners);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartOnAsync(int port)
    {
        var app = await HubServer.BuildAsync(new HubOptions { DataDir = _dir, Urls = $"http://127.0.0.1:{port}" });
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                Interlocked.Increment(ref _posts);
            }

            await next(context);
        });
        await app.StartAsync();
        var address = HubServer.Address(app);
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }
}
