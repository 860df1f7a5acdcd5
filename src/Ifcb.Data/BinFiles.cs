using Ifcb.Data.Ids;

namespace Ifcb.Data;

/// <summary>The three file paths of one bin and its id.</summary>
public sealed record BinFiles(BinId Id, string HdrPath, string AdcPath, string RoiPath)
{
    /// <summary>The extensions of the three raw files.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".hdr", ".adc", ".roi"];

    /// <summary>The common path without extension.</summary>
    public string BasePath => HdrPath[..^4];

    /// <summary>
    /// The files of a bin named by a path with or without extension (<c>dir/LID</c>, <c>dir/LID.roi</c>...).
    /// Throws <see cref="IfcbDataException"/> when the name is not a bin id.
    /// </summary>
    public static BinFiles FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var basePath = path;
        var ext = System.IO.Path.GetExtension(path);
        if (Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
        {
            basePath = path[..^ext.Length];
        }

        var name = System.IO.Path.GetFileName(basePath);
        if (!Pid.TryParse(name, out var pid, out var reason))
        {
            throw new IfcbDataException(path, reason);
        }

        if (pid.Target is not null || pid.Product is not null || pid.Extension is not null)
        {
            throw new IfcbDataException(path, $"'{name}' names a {(pid.Target is null ? "product" : "ROI")}, not a raw bin");
        }

        return new BinFiles(pid.Bin, basePath + ".hdr", basePath + ".adc", basePath + ".roi");
    }
}
