using Ifcb.Inference.Summary;
using Ifcb.Push;

namespace Ifcb.Edge;

/// <summary>
/// A run's outbox with its sender running in the background: bins are queued as they complete (durably, before
/// any send) and drained while the run goes on. <see cref="FinishAsync"/> gives the sender a last chance to empty
/// the queue; what it cannot send stays in the outbox for <c>ifcb push</c> or the next start.
/// </summary>
public sealed class PushSession : IAsyncDisposable
{
    private readonly Outbox _outbox;
    private readonly HubClient _client;
    private readonly OutboxSender _sender;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly string? _dataset;

    /// <summary>Opens <c>outbox.sqlite</c> in <paramref name="outputRoot"/> and starts sending to <paramref name="hub"/>.</summary>
    /// <param name="outputRoot">The run folder.</param>
    /// <param name="hub">The hub's base URL.</param>
    /// <param name="token">The bearer token.</param>
    /// <param name="dataset">The dataset to push into; null: the bin's instrument name (e.g. IFCB123).</param>
    /// <param name="options">Retry settings.</param>
    public PushSession(string outputRoot, Uri hub, string token, string? dataset, SenderOptions? options = null)
    {
        options ??= new SenderOptions();
        _dataset = dataset;
        _outbox = Outbox.Open(Path.Combine(outputRoot, Outbox.FileName));
        _client = new HubClient(hub, token, options);
        _sender = new OutboxSender(_outbox, _client, options, TimeSpan.FromSeconds(Math.Max(1, options.MaxDelay.TotalSeconds)));
        _running = Task.Run(() => _sender.RunAsync(_stop.Token));
    }

    /// <summary>The outbox.</summary>
    public Outbox Outbox => _outbox;

    /// <summary>The dataset a bin goes to.</summary>
    public string DatasetFor(string instrument) => _dataset ?? instrument;

    /// <summary>Queues one completed bin (called from the pipeline's writer: a quick local insert).</summary>
    public void Enqueue(BinSummary summary, IReadOnlyList<string> labels, IReadOnlyList<float>? thresholds, string modelId, string modelSha256)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _outbox.Enqueue(DatasetFor(summary.Instrument), SummaryPayloads.From(summary, labels, thresholds, modelId, modelSha256));
    }

    /// <summary>Stops the background sender, then drains once more for at most <paramref name="wait"/>.</summary>
    public async Task<OutboxState> FinishAsync(TimeSpan wait)
    {
        await _stop.CancelAsync();
        await _running;
        using var limit = new CancellationTokenSource(wait);
        try
        {
            await _sender.DrainAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time: the rest stays queued.
        }

        return _outbox.State();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _running;
        _sender.Dispose();
        _client.Dispose();
        _outbox.Dispose();
        _stop.Dispose();
    }
}
