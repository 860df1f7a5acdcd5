namespace Ifcb.Formats.Mat;

/// <summary>The MATLAB array classes of the level-5 MAT-file format (values as in the file's array flags).</summary>
public enum MatClass : byte
{
    /// <summary>Cell array.</summary>
    Cell = 1,

    /// <summary>Structure array.</summary>
    Struct = 2,

    /// <summary>Object (not supported).</summary>
    Object = 3,

    /// <summary>Character array (UTF-16 code units).</summary>
    Char = 4,

    /// <summary>Sparse array (not supported).</summary>
    Sparse = 5,

    /// <summary>double.</summary>
    Double = 6,

    /// <summary>single.</summary>
    Single = 7,

    /// <summary>int8.</summary>
    Int8 = 8,

    /// <summary>uint8 (also the storage class of logical arrays).</summary>
    UInt8 = 9,

    /// <summary>int16.</summary>
    Int16 = 10,

    /// <summary>uint16.</summary>
    UInt16 = 11,

    /// <summary>int32.</summary>
    Int32 = 12,

    /// <summary>uint32.</summary>
    UInt32 = 13,

    /// <summary>int64.</summary>
    Int64 = 14,

    /// <summary>uint64.</summary>
    UInt64 = 15,
}
