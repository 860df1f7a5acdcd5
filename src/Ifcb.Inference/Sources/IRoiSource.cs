using Ifcb.Data.Directories;

namespace Ifcb.Inference.Sources;

/// <summary>Finds bins and opens them: the seam between the pipeline and the raw-data reader.</summary>
public interface IRoiSource
{
    /// <summary>
    /// Lists the bins under <paramref name="inputs"/> (directories, bins, list files, globs) that pass
    /// <paramref name="filter"/>, in a deterministic order. Incomplete bins go to <paramref name="problems"/>.
    /// </summary>
    IReadOnlyList<BinEntry> Discover(IReadOnlyList<string> inputs, BinFilter filter, ICollection<BinFailure> problems);

    /// <summary>Opens a bin; throws <see cref="Ifcb.Data.IfcbDataException"/> when it is malformed.</summary>
    IRoiBin Open(BinEntry entry);
}
