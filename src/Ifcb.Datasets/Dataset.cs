using System.Security.Cryptography;
using System.Text;

namespace Ifcb.Datasets;

/// <summary>A labelled image set: class labels in output order (ordinal sort) and the images.</summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; labels are sorted ordinally and every image's label must be among them.</summary>
    public Dataset(IReadOnlyList<LabelledImage> images, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        Images = images;
        ClassLabels = [.. images.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ClassLabels.Count; i++)
        {
            index[ClassLabels[i]] = i;
        }

        ClassIndex = index;
        Notes = notes ?? [];
    }

    /// <summary>Class labels, ordinal sort of names: the model's output order.</summary>
    public IReadOnlyList<string> ClassLabels { get; }

    /// <summary>Label to output index.</summary>
    public IReadOnlyDictionary<string, int> ClassIndex { get; }

    /// <summary>Every image with its label.</summary>
    public IReadOnlyList<LabelledImage> Images { get; }

    /// <summary>What was dropped or merged on the way (for the run log).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Images per class, in label order.</summary>
    public int[] CountsPerClass()
    {
        var counts = new int[ClassLabels.Count];
        foreach (var image in Images)
        {
            counts[ClassIndex[image.Label]]++;
        }

        return counts;
    }

    /// <summary>
    /// SHA-256 over the sorted (label, ROI name, file size) triples: identifies the data a model saw. For an ROI inside
    /// a bin the size is that of the bin's .roi file.
    /// </summary>
    public string Fingerprint()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in Images.OrderBy(i => i.Label, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            var file = image.BinPath is { } bin ? bin + ".roi" : image.Path;
            if (!sizes.TryGetValue(file, out var size))
            {
                size = File.Exists(file) ? new FileInfo(file).Length : -1;
                sizes[file] = size;
            }

            sha.AppendData(Encoding.UTF8.GetBytes($"{image.Label}\t{image.Name}\t{size}\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
