namespace Ifcb.Data.IO;

/// <summary>Reads a raw bin file without ever opening a zero-length entry.</summary>
internal static class RawFile
{
    /// <summary>
    /// True for an existing entry of length zero. A FIFO or a device also reports zero, and its open() or read() may
    /// never return (a bin named on the command line skips the directory scan's size checks); an empty regular file
    /// has nothing to read anyway, so a zero-length entry is read as empty and never opened.
    /// </summary>
    public static bool IsEmpty(string path) => new FileInfo(path) is { Exists: true, Length: 0 };

    /// <summary>The file's bytes; empty, without opening it, when <see cref="IsEmpty"/>.</summary>
    public static byte[] ReadAllBytes(string path) => IsEmpty(path) ? [] : File.ReadAllBytes(path);
}
