namespace Ifcb.Data;

/// <summary>
/// A small thread-safe cache of open bins, for reading ROIs scattered over many bins (a labelled training set):
/// a bin is opened (header and ADC parsed, .roi handle open) once while it stays among the most recently used,
/// not once per ROI. Reads are positioned reads, so several threads read one bin at once; a bin is closed when it
/// falls out of the cache and no read is using it. A bin that cannot be opened fails every read of it with the same
/// <see cref="IfcbDataException"/> while it is cached.
/// </summary>
public sealed class BinCache : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private long _clock;
    private bool _disposed;

    /// <summary>Creates a cache holding up to <paramref name="capacity"/> idle open bins.</summary>
    public BinCache(int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Bins opened so far (a measure of cache misses).</summary>
    public int Opens { get; private set; }

    /// <summary>
    /// Reads an image of the set of the bin at <paramref name="path"/> (with or without extension; v1: stitched),
    /// as <see cref="Bin.ReadImage"/> does. Throws <see cref="IfcbDataException"/> naming the file and target.
    /// </summary>
    public byte[] ReadImage(string path, int target, out int width, out int height)
    {
        var entry = Acquire(path);
        try
        {
            return entry.Bin.Value.ReadImage(target, out width, out height);
        }
        finally
        {
            Release(entry);
        }
    }

    /// <summary>Closes every cached bin.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var entry in _entries.Values)
            {
                entry.Evicted = true;
                if (entry.Users == 0)
                {
                    Close(entry);
                }
            }

            _entries.Clear();
        }
    }

    private Entry Acquire(string path)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(path, out var entry))
            {
                entry = new Entry(path);
                _entries[path] = entry;
                Opens++;
            }

            entry.Users++;
            entry.LastUse = ++_clock;
            while (_entries.Count > _capacity && Oldest() is { } idle)
            {
                _entries.Remove(idle.Path);
                idle.Evicted = true;
                Close(idle);
            }

            return entry;
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Users--;
            if (entry.Evicted && entry.Users == 0)
            {
                Close(entry);
            }
        }
    }

    // The least recently used bin no read is using; null when all are busy (the cache then briefly holds more).
    private Entry? Oldest()
    {
        Entry? oldest = null;
        foreach (var entry in _entries.Values)
        {
            if (entry.Users == 0 && (oldest is null || entry.LastUse < oldest.LastUse))
            {
                oldest = entry;
            }
        }

        return oldest;
    }

    private static void Close(Entry entry)
    {
        if (entry.Bin.IsValueCreated)
        {
            entry.Bin.Value.Dispose();
        }
    }

    private sealed class Entry(string path)
    {
        public string Path { get; } = path;

        // Opened outside the cache lock, once, by the first reader; other readers of the same bin wait for it.
        public Lazy<Bin> Bin { get; } = new(() => Data.Bin.Open(path), LazyThreadSafetyMode.ExecutionAndPublication);

        public int Users { get; set; }

        public long LastUse { get; set; }

        public bool Evicted { get; set; }
    }
}
