using Ifcb.Data;
using Ifcb.Imaging;

namespace Ifcb.Datasets;

/// <summary>
/// Loads the pixels of <see cref="LabelledImage"/>s, image files and ROIs inside raw bins alike, as 8-bit gray images
/// for the shared augmentation and preprocessing. Bin ROIs are read through <c>Ifcb.Data</c> (v1: stitched) from a
/// small cache of open bins. Thread-safe: the loaders decode in parallel. Dispose to close the bins.
/// </summary>
public sealed class LabelledImageReader : IDisposable
{
    private readonly BinCache _bins;

    /// <summary>Creates a reader keeping up to <paramref name="openBins"/> idle bins open.</summary>
    public LabelledImageReader(int openBins = 32) => _bins = new BinCache(openBins);

    /// <summary>Bins opened so far.</summary>
    public int BinOpens => _bins.Opens;

    /// <summary>
    /// Loads <paramref name="image"/>; anything unreadable (a bad file, a missing bin, bad ROI geometry) throws
    /// <see cref="InvalidDataException"/> naming the file (and target) and the reason.
    /// </summary>
    public GrayImage Load(LabelledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.BinPath is not { } bin || image.Target is not int target)
        {
            return ImageLoader.Load(image.Path);
        }

        try
        {
            var pixels = _bins.ReadImage(bin, target, out var width, out var height);
            return new GrayImage(pixels, width, height);
        }
        catch (IfcbDataException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{bin} (target {target}): cannot read ({e.Message})", e);
        }
    }

    /// <summary>Closes the cached bins.</summary>
    public void Dispose() => _bins.Dispose();
}
