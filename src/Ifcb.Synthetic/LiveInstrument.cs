namespace Ifcb.Synthetic;

/// <summary>
/// A simulated instrument for tests and demos of live mode: plays the bins of a synthetic archive into a data folder
/// the way an IFCB writes them. The <c>.adc</c> and <c>.roi</c> grow in chunks (ADC lines first, then their ROI
/// bytes, as the instrument appends them), the <c>.hdr</c> lands last; the bins listed as abandoned stop half-way
/// and never get their <c>.hdr</c> (an instrument crash).
/// </summary>
public static class LiveInstrument
{
    /// <summary>
    /// Writes <paramref name="options"/>' archive into a staging folder, then plays its bins into
    /// <paramref name="dataFolder"/> one every <paramref name="every"/>, each written over <paramref name="chunks"/>
    /// appends. Returns the ids of the bins played completely and of those abandoned.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Complete, IReadOnlyList<string> Abandoned)> PlayAsync(
        SyntheticArchiveOptions options,
        string dataFolder,
        TimeSpan every,
        int chunks,
        IReadOnlySet<int> abandon,
        string stagingFolder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(abandon);
        SyntheticArchiveWriter.Write(stagingFolder, options);
        var bins = Directory.GetFiles(stagingFolder, "*.hdr", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var complete = new List<string>();
        var abandoned = new List<string>();
        for (var b = 0; b < bins.Count; b++)
        {
            var basePath = bins[b][..^4];
            var relative = Path.GetRelativePath(stagingFolder, basePath);
            var target = Path.Combine(dataFolder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var lid = Path.GetFileName(basePath);
            var stop = abandon.Contains(b);
            await WriteBinAsync(basePath, target, every, Math.Max(1, chunks), stop, cancellationToken);
            (stop ? abandoned : complete).Add(lid);
        }

        return (complete, abandoned);
    }

    private static async Task WriteBinAsync(string source, string target, TimeSpan every, int chunks, bool abandon, CancellationToken ct)
    {
        var adc = await File.ReadAllBytesAsync(source + ".adc", ct);
        var roi = await File.ReadAllBytesAsync(source + ".roi", ct);
        var hdr = await File.ReadAllBytesAsync(source + ".hdr", ct);
        var pause = every / (chunks + 1);
        var lastChunk = abandon ? Math.Max(1, chunks / 2) : chunks;
        await using (var adcStream = new FileStream(target + ".adc", FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        await using (var roiStream = new FileStream(target + ".roi", FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            var adcDone = 0;
            var roiDone = 0;
            for (var c = 1; c <= lastChunk; c++)
            {
                // ADC lines end at newlines; the .roi follows its lines (a little behind, as on the instrument).
                var adcEnd = c == chunks ? adc.Length : NextLineEnd(adc, (int)((long)adc.Length * c / chunks));
                var roiEnd = c == chunks ? roi.Length : (int)((long)roi.Length * c / chunks);
                await adcStream.WriteAsync(adc.AsMemory(adcDone, adcEnd - adcDone), ct);
                await adcStream.FlushAsync(ct);
                await roiStream.WriteAsync(roi.AsMemory(roiDone, roiEnd - roiDone), ct);
                await roiStream.FlushAsync(ct);
                adcDone = adcEnd;
                roiDone = roiEnd;
                await Task.Delay(pause, ct);
            }
        }

        if (!abandon)
        {
            await File.WriteAllBytesAsync(target + ".hdr", hdr, ct);
            await Task.Delay(pause, ct);
        }
    }

    private static int NextLineEnd(byte[] text, int from)
    {
        var i = Math.Min(from, text.Length);
        while (i < text.Length && text[i - 1 < 0 ? 0 : i - 1] != (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
