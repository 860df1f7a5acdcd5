namespace Ifcb.Synthetic;

/// <summary>
/// Hands out pixel memory for the ROIs of one bin from a few large reusable blocks, so that painting an
/// archive allocates nothing per ROI: after the bin is written, <see cref="Reset"/> makes the blocks
/// available for a later bin. Thread-safe.
/// </summary>
internal sealed class PixelArena
{
    private const int BlockSize = 1 << 22;
    private readonly List<byte[]> _blocks = [];
    private readonly Lock _gate = new();
    private int _block = -1;
    private int _used;

    /// <summary><paramref name="length"/> bytes of memory no other caller gets until <see cref="Reset"/>; not cleared.</summary>
    public Memory<byte> Allocate(int length)
    {
        lock (_gate)
        {
            if (_block < 0 || _used + length > _blocks[_block].Length)
            {
                _block++;
                if (_block == _blocks.Count)
                {
                    _blocks.Add(GC.AllocateUninitializedArray<byte>(Math.Max(BlockSize, length)));
                }
                else if (_blocks[_block].Length < length)
                {
                    _blocks[_block] = GC.AllocateUninitializedArray<byte>(length);
                }

                _used = 0;
            }

            var memory = new Memory<byte>(_blocks[_block], _used, length);
            _used += length;
            return memory;
        }
    }

    /// <summary>Takes back all memory handed out; earlier allocations must no longer be used.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _block = -1;
            _used = 0;
        }
    }
}

/// <summary>One painted ROI whose pixels live in a <see cref="PixelArena"/>.</summary>
internal readonly record struct RoiPixels(int ClassIndex, int Width, int Height, Memory<byte> Pixels);
