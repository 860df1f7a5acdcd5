namespace Ifcb.Server.Alerts;

/// <summary>Wakes the webhook sender when ingest queued a delivery, so alerts go out without waiting for the next poll.</summary>
public sealed class WebhookSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Marks that work is waiting (idempotent).</summary>
    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _signal.Dispose();

    /// <summary>Waits for a signal or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
