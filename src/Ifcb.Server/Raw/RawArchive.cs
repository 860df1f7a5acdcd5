using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Data.Png;

namespace Ifcb.Server.Raw;

/// <summary>
/// The raw bin folders given with <c>--raw</c>: finds a bin's files by id and reads its ROI images, without copying
/// anything into the database. The index is built on first use and rebuilt on a miss (at most every 10 s), so bins
/// that arrive while the server runs are found.
/// </summary>
public sealed class RawArchive(IReadOnlyList<string> roots) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly BinCache _cache = new(16);
    private Dictionary<string, DiscoveredBin> _index = new(StringComparer.Ordinal);
    private DateTime _indexedAt = DateTime.MinValue;

    /// <summary>The folders searched.</summary>
    public IReadOnlyList<string> Roots { get; } = roots;

    /// <summary>The complete bin with this id, or null.</summary>
    public DiscoveredBin? Find(string lid)
    {
        if (Roots.Count == 0)
        {
            return null;
        }

        lock (_lock)
        {
            if (_index.TryGetValue(lid, out var bin))
            {
                return bin;
            }

            if (DateTime.UtcNow - _indexedAt < TimeSpan.FromSeconds(10))
            {
                return null;
            }

            var index = new Dictionary<string, DiscoveredBin>(StringComparer.Ordinal);
            foreach (var root in Roots.Where(Directory.Exists))
            {
                foreach (var found in BinDirectory.Discover(root).Bins.Where(b => b.IsComplete))
                {
                    index.TryAdd(found.Id.Lid, found);
                }
            }

            _index = index;
            _indexedAt = DateTime.UtcNow;
            return _index.GetValueOrDefault(lid);
        }
    }

    /// <summary>One ROI as a grayscale PNG, or null when the bin or the ROI is not there.</summary>
    public byte[]? ReadPng(string lid, int target)
    {
        var bin = Find(lid);
        if (bin is null)
        {
            return null;
        }

        try
        {
            var pixels = _cache.ReadImage(bin.Files.HdrPath, target, out var width, out var height);
            return GrayPng.Encode(pixels, width, height);
        }
        catch (IfcbDataException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();
}
