using System.Text;
using Ifcb.Data.IO;

namespace Ifcb.Synthetic;

/// <summary>Writes a <see cref="SyntheticBin"/> as the three instrument files, each atomically.</summary>
public static class SyntheticBinWriter
{
    /// <summary>Writes <c>LID.roi</c>, <c>LID.adc</c> and <c>LID.hdr</c> into <paramref name="directory"/>; returns the header path.</summary>
    public static string Write(string directory, SyntheticBin bin)
    {
        ArgumentNullException.ThrowIfNull(bin);
        var stem = Path.Combine(directory, bin.Lid);

        // The header goes last so that a reader that finds it finds a complete bin.
        AtomicFile.Write(stem + ".roi", stream =>
        {
            foreach (var roi in bin.Rois)
            {
                stream.Write(roi.Image.Pixels);
            }
        });
        AtomicFile.WriteAllBytes(stem + ".adc", Encoding.ASCII.GetBytes(bin.AdcText));
        AtomicFile.WriteAllBytes(stem + ".hdr", Encoding.ASCII.GetBytes(bin.HeaderText));
        return stem + ".hdr";
    }
}
