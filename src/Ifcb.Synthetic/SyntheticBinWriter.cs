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
        return Write(directory, bin.Lid, stream =>
        {
            foreach (var roi in bin.Rois)
            {
                stream.Write(roi.Image.Pixels);
            }
        }, bin.AdcText, bin.HeaderText);
    }

    /// <summary>Writes the three files of bin <paramref name="lid"/>, the images through <paramref name="writeRoi"/>; returns the header path.</summary>
    internal static string Write(string directory, string lid, Action<Stream> writeRoi, string adc, string header)
    {
        var stem = Path.Combine(directory, lid);

        // The header goes last so that a reader that finds it finds a complete bin.
        AtomicFile.Write(stem + ".roi", writeRoi);
        AtomicFile.WriteAllBytes(stem + ".adc", Encoding.ASCII.GetBytes(adc));
        AtomicFile.WriteAllBytes(stem + ".hdr", Encoding.ASCII.GetBytes(header));
        return stem + ".hdr";
    }
}
