using System.Collections.Concurrent;
using System.Text.Json;
using Ifcb.Data.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ifcb.Edge.Tests;

/// <summary>
/// A real Kestrel server implementing the hub's push contract (COMMON.md; worker 15 builds the real hub in
/// src/Ifcb.Server): <c>POST /api/v1/datasets/{dataset}/bins</c> with a bearer token, idempotent on (dataset, bin,
/// model id), 201 stored / 200 already stored / 400 with the field / 401 / 403; <c>GET .../bins/{bin}?model=</c>
/// 200 or 404. It counts deliveries, and can be stopped and restarted on the same port to play a link that goes
/// down. After the merge the coordinator may swap the real hub in behind the same members.
/// </summary>
public sealed class ContractHubServer : IAsyncDisposable
{
    private readonly string _token;
    private WebApplication? _app;

    private ContractHubServer(string token) => _token = token;

    /// <summary>The base URL (http://127.0.0.1:PORT/).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The first stored body per (dataset, bin, model).</summary>
    public ConcurrentDictionary<(string Dataset, string Bin, string Model), string> Stored { get; } = new();

    /// <summary>How many times each key got a 201 (exactly once is the contract).</summary>
    public ConcurrentDictionary<(string Dataset, string Bin, string Model), int> Created { get; } = new();

    /// <summary>Every POST that reached the server.</summary>
    public int Posts => _posts;

    private int _posts;

    /// <summary>Starts on a free port of 127.0.0.1.</summary>
    public static async Task<ContractHubServer> StartAsync(string token)
    {
        var server = new ContractHubServer(token);
        await server.StartOnAsync(0);
        return server;
    }

    /// <summary>Stops listening (clients now get connection refused); the store is kept.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public Task RestartAsync() => StartOnAsync(BaseUrl.Port);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartOnAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/api/v1/datasets/{dataset}/bins", (Delegate)PostAsync);
        app.MapGet("/api/v1/datasets/{dataset}/bins/{bin}", (string dataset, string bin, string? model, HttpContext context) =>
            Stored.ContainsKey((dataset, bin, model ?? string.Empty)) ? Results.Ok() : Results.NotFound());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }

    private async Task<IResult> PostAsync(string dataset, HttpContext context)
    {
        Interlocked.Increment(ref _posts);
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Results.Json(new { error = "no bearer token" }, statusCode: 401);
        }

        if (auth["Bearer ".Length..] != _token)
        {
            return Results.Json(new { error = "token not valid for this dataset" }, statusCode: 403);
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync();
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Bad(ex.Message, "body");
        }

        if (!root.TryGetProperty("bin", out var bin) || bin.ValueKind != JsonValueKind.String || !BinId.TryParse(bin.GetString(), out _))
        {
            return Bad("not a bin id", "bin");
        }

        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("id", out var modelId) || string.IsNullOrEmpty(modelId.GetString()))
        {
            return Bad("missing", "model.id");
        }

        if (root.TryGetProperty("mlAnalyzed", out var ml) && ml.ValueKind == JsonValueKind.Number && !(ml.GetDouble() > 0))
        {
            return Bad("must be positive", "mlAnalyzed");
        }

        if (!root.TryGetProperty("classes", out var classes) || classes.ValueKind != JsonValueKind.Array || classes.GetArrayLength() == 0)
        {
            return Bad("missing", "classes");
        }

        var i = 0;
        foreach (var c in classes.EnumerateArray())
        {
            if (c.GetProperty("winnerCount").GetInt32() < 0 || c.GetProperty("aboveThresholdCount").GetInt32() < 0)
            {
                return Bad("negative count", $"classes[{i}]");
            }

            i++;
        }

        var key = (dataset, bin.GetString()!, modelId.GetString()!);
        if (Stored.TryAdd(key, body))
        {
            Created.AddOrUpdate(key, 1, (_, n) => n + 1);
            return Results.Json(new { stored = true }, statusCode: 201);
        }

        return Results.Json(new { stored = false }, statusCode: 200);
    }

    private static IResult Bad(string error, string field) => Results.Json(new { error, field }, statusCode: 400);
}
