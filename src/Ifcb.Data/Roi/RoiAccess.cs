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
    /// A read-only memory-mapped view: a plain copy per image, the fastest way. Malformed content is as safe as with
    /// positioned reads (every image is checked against the length at open; the classify fuzz test reads its cases
    /// both ways). Only for files that will not be truncated while open: a shrinking mapped file faults the process,
    /// as with any mapping, so never for files another process may still write or cut (classify does not use it).
    /// </summary>
    MemoryMapped,
}
