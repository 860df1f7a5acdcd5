using System.Buffers;

namespace Ifcb.Inference.Pipeline;

/// <summary>An <see cref="ArrayPool{T}"/> that counts arrays out, so that tests can check every one came back.</summary>
public sealed class TrackingArrayPool<T> : ArrayPool<T>
{
    private readonly ArrayPool<T> _inner = Create();
    private long _outstanding;

    /// <summary>Arrays rented and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <inheritdoc/>
    public override T[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _outstanding);
        return _inner.Rent(minimumLength);
    }

    /// <inheritdoc/>
    public override void Return(T[] array, bool clearArray = false)
    {
        Interlocked.Decrement(ref _outstanding);
        _inner.Return(array, clearArray);
    }
}
