using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Inference.Models;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Sources;

namespace Ifcb.Inference.Quantization;

/// <summary>
/// Calibration images for <see cref="Int8Quantizer"/>: ROIs spread evenly over the bins of an archive (every bin
/// contributes, and ROIs are taken at even strides through each bin), preprocessed exactly as classification
/// will preprocess them.
/// </summary>
public static class CalibrationSet
{
    /// <summary>
    /// Up to <paramref name="images"/> preprocessed ROIs from the bins under <paramref name="inputs"/>, in batches
    /// of <paramref name="batchSize"/>. Unreadable bins are skipped and reported in <paramref name="problems"/>.
    /// With <paramref name="between"/> the ROIs halfway between the default picks are taken instead: a check set
    /// disjoint from the calibration set whenever bins hold more than twice as many ROIs as are wanted. Only bins
    /// that pass <paramref name="filter"/> (dates, instruments, ids; default all) are used.
    /// </summary>
    public static IEnumerable<CalibrationBatch> FromBins(ModelDescription model, IReadOnlyList<string> inputs, int images,
        ICollection<BinFailure> problems, int batchSize = 8, bool between = false, IRoiSource? source = null, BinFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentOutOfRangeException.ThrowIfLessThan(images, 1);
        source ??= new BinRoiSource();
        var bins = source.Discover(inputs, filter ?? new BinFilter(), problems);
        var preprocessor = RoiPreprocessors.For(model);
        var batch = new float[batchSize * preprocessor.ItemLength];
        var count = 0;
        var taken = 0;
        var binsLeft = bins.Count;
        var pixels = Array.Empty<byte>();
        foreach (var entry in bins)
        {
            // The ROIs still wanted, shared over the bins still to come (small or empty bins leave more for the rest).
            var share = (images - taken + binsLeft - 1) / binsLeft--;
            IRoiBin bin;
            try
            {
                bin = source.Open(entry);
            }
            catch (IfcbDataException ex)
            {
                problems.Add(new BinFailure(entry.Lid, entry.Path, ex.Message));
                continue;
            }

            using (bin)
            {
                var targets = bin.Targets;
                var want = Math.Min(share, targets.Count);
                for (var k = 0; k < want; k++)
                {
                    var target = targets[(int)(((2L * k) + (between ? 1 : 0)) * targets.Count / (2L * want))];
                    var (width, height) = bin.GetSize(target);
                    if (pixels.Length < width * height)
                    {
                        pixels = new byte[width * height];
                    }

                    var length = bin.ReadImage(target, pixels);
                    preprocessor.Preprocess(pixels.AsSpan(0, length), width, height, batch.AsSpan(count * preprocessor.ItemLength, preprocessor.ItemLength));
                    taken++;
                    if (++count == batchSize)
                    {
                        yield return new CalibrationBatch(batch, count);
                        count = 0;
                    }
                }
            }

            if (taken >= images)
            {
                break;
            }
        }

        if (count > 0)
        {
            yield return new CalibrationBatch(batch, count);
        }
    }
}
