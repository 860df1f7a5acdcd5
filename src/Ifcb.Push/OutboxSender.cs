namespace Ifcb.Push;

/// <summary>
/// Sends an outbox's pending items in queue order. A final refusal (bad payload) is marked rejected and the drain goes
/// on; a transient failure (after the client's retries) or a token problem stops the drain, leaving the rest queued
/// for the next one. <see cref="RunAsync"/> keeps draining until cancelled: on every new item and every
/// <paramref name="idle"/> period, so a link that comes back is used without anyone asking.
/// </summary>
public sealed class OutboxSender(Outbox outbox, HubClient client, SenderOptions options, TimeSpan? idle = null) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TimeSpan _idle = idle ?? TimeSpan.FromSeconds(30);

    /// <summary>The last drain's result.</summary>
    public DrainResult? Last { get; private set; }

    /// <summary>Sends what is pending now; returns when the queue is empty or a send could not get through.</summary>
    public async Task<DrainResult> DrainAsync(CancellationToken cancellationToken)
    {
        int stored = 0, already = 0, rejected = 0;
        string? stopped = null;
        while (stopped is null)
        {
            var batch = outbox.Pending(50);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (options.CheckServerFirst && await client.ExistsAsync(item.Dataset, item.Bin, item.Model, cancellationToken) == true)
                {
                    outbox.MarkSent(item.Id, 200);
                    already++;
                    continue;
                }

                var (outcome, status, message) = await client.PushAsync(item.Dataset, item.Payload, cancellationToken);
                switch (outcome)
                {
                    case PushOutcome.Stored:
                        outbox.MarkSent(item.Id, status);
                        stored++;
                        break;
                    case PushOutcome.AlreadyStored:
                        outbox.MarkSent(item.Id, status);
                        already++;
                        break;
                    case PushOutcome.Rejected:
                        outbox.MarkRejected(item.Id, status, message);
                        rejected++;
                        break;
                    default:
                        outbox.RecordFailure(item.Id, message);
                        stopped = $"{item.Bin}: {message}";
                        break;
                }

                if (stopped is not null)
                {
                    break;
                }
            }
        }

        Last = new DrainResult(stored, already, rejected, outbox.State().Pending, stopped);
        return Last;
    }

    /// <summary>Drains now, then again whenever an item is queued or <c>idle</c> passes, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        outbox.Queued += OnQueued;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await DrainAsync(cancellationToken);
                await _wake.WaitAsync(_idle, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: whatever is pending stays in the outbox for the next start.
        }
        finally
        {
            outbox.Queued -= OnQueued;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _wake.Dispose();

    private void OnQueued(object? sender, EventArgs e) => _wake.Release();
}
