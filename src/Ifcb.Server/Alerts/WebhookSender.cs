using System.Text;
using Ifcb.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Ifcb.Server.Alerts;

/// <summary>
/// Sends the webhook outbox: rows written with their alert event in the ingest transaction, delivered here in the
/// background so a slow or dead webhook never blocks ingest. Each send gets quick Polly retries; a row that still
/// fails is tried again later with a growing delay, and given up after <see cref="MaxAttempts"/> rounds.
/// </summary>
public sealed class WebhookSender(HubDatabase database, WebhookSignal signal, IHttpClientFactory httpFactory, ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>Rounds before a delivery is abandoned.</summary>
    public const int MaxAttempts = 8;

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "webhook outbox pass failed");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Delivers every due row once.</summary>
    internal async Task SendDueAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        List<WebhookOutboxRow> due;
        await using (var db = database.CreateContext())
        {
            due = await db.WebhookOutbox.Where(w => w.DeliveredMs == null && !w.Abandoned && w.NextAttemptMs <= now).OrderBy(w => w.Id).Take(50).ToListAsync(ct);
        }

        var client = httpFactory.CreateClient("webhooks");
        foreach (var row in due)
        {
            string? error = null;
            try
            {
                using var response = await _pipeline.ExecuteAsync(
                    async token =>
                    {
                        using var content = new StringContent(row.PayloadJson, Encoding.UTF8, "application/json");
                        return await client.PostAsync(new Uri(row.Url), content, token);
                    },
                    ct);
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {(int)response.StatusCode}";
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = ex.Message;
            }

            await using var db = database.CreateContext();
            var tracked = await db.WebhookOutbox.AsTracking().FirstAsync(w => w.Id == row.Id, ct);
            tracked.Attempts++;
            if (error is null)
            {
                tracked.DeliveredMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                tracked.LastError = null;
            }
            else
            {
                tracked.LastError = error;
                tracked.Abandoned = tracked.Attempts >= MaxAttempts;
                tracked.NextAttemptMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (1000L << Math.Min(tracked.Attempts, 12));
                logger.LogWarning("webhook {Url} for alert event {Event} failed ({Error}), attempt {Attempt}", row.Url, row.AlertEventId, error, tracked.Attempts);
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
