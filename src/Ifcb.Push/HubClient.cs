using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ifcb.Push;

/// <summary>
/// The hub's push API over HTTP, with a Polly pipeline per call (per-attempt timeout, exponential jittered retries on
/// connection failures, timeouts, 408, 429 and 5xx). Other answers are final and returned as they are.
/// </summary>
public sealed class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>A client for the hub at <paramref name="baseUrl"/> (e.g. <c>https://hub.example.org</c>).</summary>
    public HubClient(Uri baseUrl, string token, SenderOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(options);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's per-attempt timeout rules
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.InitialDelay,
                MaxDelay = options.MaxDelay,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Pushes one JSON body; returns the outcome, the HTTP status (0 without a reply) and a message.</summary>
    public async Task<(PushOutcome Outcome, int Status, string Message)> PushAsync(string dataset, string json, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    using var content = new StringContent(json, Encoding.UTF8, "application/json");
                    return await _http.PostAsync($"api/v1/datasets/{Uri.EscapeDataString(dataset)}/bins", content, ct);
                },
                cancellationToken);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Created => (PushOutcome.Stored, status, body),
                HttpStatusCode.OK => (PushOutcome.AlreadyStored, status, body),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (PushOutcome.Unauthorized, status, $"HTTP {status}: the hub refused the token {body}".Trim()),
                _ when IsTransient(response.StatusCode) => (PushOutcome.Transient, status, $"HTTP {status} {body}".Trim()),
                _ => (PushOutcome.Rejected, status, $"HTTP {status} {body}".Trim()),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            return (PushOutcome.Transient, 0, ex.Message);
        }
    }

    /// <summary>Whether the hub already holds (dataset, bin, model); null when it could not be asked.</summary>
    public async Task<bool?> ExistsAsync(string dataset, string bin, string model, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async ct => await _http.GetAsync($"api/v1/datasets/{Uri.EscapeDataString(dataset)}/bins/{Uri.EscapeDataString(bin)}?model={Uri.EscapeDataString(model)}", ct),
                cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => true,
                HttpStatusCode.NotFound => false,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static bool IsTransient(HttpStatusCode status)
        => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
