namespace Ifcb.Data.Roi;

/// <summary>How <see cref="RoiFile"/> reads pixels.</summary>
public enum RoiAccess
{
    /// <summary>
    /// <c>RandomAccess.Read</c> on one handle: a system call per image; a file that shrinks after opening gives a
    /// clean <see cref="IfcbDataException"/>.
    /// </summary>
    PositionedReads,

    /// <summary>
    /// A read-only memory-mapped view: a plain copy per image, the fastest way. Only for files that will not be
    /// truncated while open (a shrinking mapped file faults the process, as with any mapping).
    /// </summary>
    MemoryMapped,
}
