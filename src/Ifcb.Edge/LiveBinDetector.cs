using Ifcb.Data.Adc;
using Ifcb.Data.Ids;
using Ifcb.Inference.Sources;

namespace Ifcb.Edge;

/// <summary>
/// Decides which bins in an instrument's data folder are complete. The instrument appends to <c>.roi</c> and
/// <c>.adc</c> as it goes and writes the <c>.hdr</c> (run and inhibit time) at the end, so seeing three files proves
/// nothing: a bin is complete only when all three exist, none has changed size or time for the settle time, and the
/// last ADC line's ROI (start byte + width x height) ends inside the <c>.roi</c>. A bin that stops changing without
/// completing is abandoned after <paramref name="abandonAfter"/> (the instrument crashed or was stopped) and is
/// reported once, never retried. Sizes are remembered between scans, so a network mount whose times lag still
/// settles on size.
/// </summary>
public sealed class LiveBinDetector(TimeSpan settle, TimeSpan abandonAfter, TimeProvider? clock = null)
{
    private static readonly string[] Extensions = [".adc", ".hdr", ".roi"];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, (long Adc, long Hdr, long Roi, DateTimeOffset Seen)> _sizes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Adc, long Roi)> _verified = new(StringComparer.Ordinal);

    /// <summary>Looks at every bin under <paramref name="root"/> except those in <paramref name="finished"/> (ids).</summary>
    public IReadOnlyList<LiveBin> Scan(string root, IReadOnlySet<string> finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var now = _clock.GetUtcNow();
        var groups = new Dictionary<string, List<FileInfo>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            var ext = Path.GetExtension(path);
            if (!Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var basePath = path[..^ext.Length];
            if (!groups.TryGetValue(basePath, out var files))
            {
                groups[basePath] = files = [];
            }

            files.Add(new FileInfo(path));
        }

        var result = new List<LiveBin>();
        foreach (var (basePath, files) in groups)
        {
            if (!BinId.TryParse(Path.GetFileName(basePath), out var id) || finished.Contains(id.Lid))
            {
                continue;
            }

            var entry = new BinEntry(id.Lid, id.Timestamp, id.Instrument, basePath);
            result.Add(Judge(entry, id, files, now));
        }

        return result;
    }

    /// <summary>Forgets what was remembered of a bin (it was classified or abandoned).</summary>
    public void Forget(string basePath)
    {
        _sizes.Remove(basePath);
        _verified.Remove(basePath);
    }

    private LiveBin Judge(BinEntry entry, BinId id, List<FileInfo> files, DateTimeOffset now)
    {
        long Size(string ext) => files.FirstOrDefault(f => f.Extension.Equals(ext, StringComparison.OrdinalIgnoreCase)) is { } f ? f.Length : -1;
        var sizes = (Adc: Size(".adc"), Hdr: Size(".hdr"), Roi: Size(".roi"));
        var written = files.Max(f => new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero));

        // The last change is the later of the files' own time and the last scan that saw other sizes.
        var changed = written;
        if (_sizes.TryGetValue(entry.Path, out var before) && (before.Adc, before.Hdr, before.Roi) == sizes)
        {
            changed = written > before.Seen ? written : before.Seen;
        }
        else
        {
            changed = _sizes.ContainsKey(entry.Path) ? now : written;
            _sizes[entry.Path] = (sizes.Adc, sizes.Hdr, sizes.Roi, changed);
        }

        var settled = now - changed >= settle;
        var abandoned = now - changed >= abandonAfter;
        var missing = Extensions.Where(e => !files.Any(f => f.Extension.Equals(e, StringComparison.OrdinalIgnoreCase))).ToList();
        string reason;
        if (missing.Count > 0)
        {
            reason = $"no {string.Join(", ", missing)} yet";
        }
        else if (!settled)
        {
            reason = "still being written";
        }
        else if (_verified.TryGetValue(entry.Path, out var ok) && ok == (sizes.Adc, sizes.Roi))
        {
            return new LiveBin(entry, LiveBinState.Complete, string.Empty, now);
        }
        else if (LastRoiProblem(entry.Path, id, sizes.Roi) is { } problem)
        {
            reason = problem;
        }
        else
        {
            _verified[entry.Path] = (sizes.Adc, sizes.Roi);
            return new LiveBin(entry, LiveBinState.Complete, string.Empty, now);
        }

        return abandoned
            ? new LiveBin(entry, LiveBinState.Abandoned, $"{reason}; unchanged for {(now - changed).TotalSeconds:F0} s", now)
            : new LiveBin(entry, LiveBinState.Waiting, reason, changed + (missing.Count == 0 && !settled ? settle : abandonAfter));
    }

    // The ADC's last image row must end inside the .roi: the .roi is appended after its ADC line is written.
    private static string? LastRoiProblem(string basePath, BinId id, long roiSize)
    {
        try
        {
            var adc = AdcFile.Read(basePath + ".adc", id.Schema);
            var last = adc.Rows.LastOrDefault(r => r.HasImage);
            if (last is null)
            {
                return null;
            }

            var end = last.StartByte + (last.Width * last.Height);
            return end <= roiSize ? null : $"the last ADC line (target {last.Target}) ends at .roi byte {end} but the .roi has {roiSize} bytes";
        }
        catch (Exception ex) when (ex is Ifcb.Data.IfcbDataException or IOException or FormatException)
        {
            return $"the .adc does not parse yet: {ex.Message}";
        }
    }
}
