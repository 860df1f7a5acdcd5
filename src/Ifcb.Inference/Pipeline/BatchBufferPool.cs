using System.Threading.Channels;

namespace Ifcb.Inference.Pipeline;

/// <summary>
/// A fixed set of batch input buffers. Renting waits when all are out: this, with the bounded channels, is what
/// keeps memory flat whatever the archive size.
/// </summary>
internal sealed class BatchBufferPool
{
    private readonly Channel<float[]> _free;
    private long _outstanding;

    /// <summary>Creates <paramref name="count"/> buffers of <paramref name="length"/> floats.</summary>
    public BatchBufferPool(int count, int length)
    {
        Count = count;
        _free = Channel.CreateBounded<float[]>(new BoundedChannelOptions(count) { SingleReader = false, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
        for (var i = 0; i < count; i++)
        {
            _free.Writer.TryWrite(new float[length]);
        }
    }

    /// <summary>How many buffers there are.</summary>
    public int Count { get; }

    /// <summary>Buffers rented and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Takes a buffer, waiting for one to come back when all are out.</summary>
    public async ValueTask<float[]> RentAsync(CancellationToken cancellationToken)
    {
        var buffer = await _free.Reader.ReadAsync(cancellationToken);
        Interlocked.Increment(ref _outstanding);
        return buffer;
    }

    /// <summary>Gives a buffer back.</summary>
    public void Return(float[] buffer)
    {
        Interlocked.Decrement(ref _outstanding);
        if (!_free.Writer.TryWrite(buffer))
        {
            throw new InvalidOperationException("a buffer was returned twice");
        }
    }
}
