using Ifcb.Server.Auth;
using Ifcb.Server.Data;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ifcb.Server.Tests;

/// <summary>A hub started in-process on a free 127.0.0.1 port, on a fresh database; disposed = stopped.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly string _dir;

    private TestHub(WebApplication app, string dir, string token)
    {
        App = app;
        _dir = dir;
        Token = token;
        Address = HubServer.Address(app);
        Client = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    public WebApplication App { get; }

    public string Address { get; }

    /// <summary>A client carrying a token for dataset "ds".</summary>
    public HttpClient Client { get; }

    public string Token { get; }

    public HubDatabase Database => App.Services.GetRequiredService<HubDatabase>();

    /// <summary>Starts a hub on <paramref name="db"/> (null: SQLite in a temp folder).</summary>
    public static async Task<TestHub> StartAsync(string? db, long maxPushBytes = 8 * 1024 * 1024, IReadOnlyList<string>? raw = null, IReadOnlyDictionary<string, string>? imei = null, bool privateReads = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-hub-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var app = await HubServer.BuildAsync(new HubOptions
        {
            DataDir = dir,
            Db = db,
            Urls = "http://127.0.0.1:0",
            MaxPushBytes = maxPushBytes,
            RawDirs = raw ?? [],
            ImeiDatasets = imei ?? new Dictionary<string, string>(),
            ReadsNeedToken = privateReads,
        });
        await app.StartAsync();
        var token = await app.Services.GetRequiredService<TokenService>().CreateAsync("ds", "tests");
        return new TestHub(app, dir, token);
    }

    /// <summary>Rows in a table, counted straight from the database.</summary>
    public async Task<(int Bins, int Results, int ClassRows, int Scores)> CountsAsync()
    {
        await using var db = Database.CreateContext();
        return (db.Bins.Count(), db.BinResults.Count(), db.ClassResults.Count(), db.RoiScores.Count());
    }

    /// <summary>The score files under the data folder (committed ones; <c>.incoming</c> holds temporaries).</summary>
    public string[] ScoreFiles(bool incoming = false)
    {
        var root = Database.Scores.Root;
        var dir = incoming ? Path.Combine(root, ".incoming") : root;
        return !Directory.Exists(dir) ? [] : [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => incoming || !f.StartsWith(Path.Combine(root, ".incoming"), StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
