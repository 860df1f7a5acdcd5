using System.Globalization;
using System.IO.MemoryMappedFiles;
using Ifcb.Data.Adc;
using Microsoft.Win32.SafeHandles;

namespace Ifcb.Data.Roi;

/// <summary>
/// Random access to the images of a .roi file (docs/ifcb-format.md §4) by positioned reads on one open handle:
/// never a whole-file load, and <see cref="ReadImage(int, Span{byte})"/> allocates nothing.
/// Geometry problems (negative or absurd sizes, images past the end of the file) are found when the
/// file is opened, listed in <see cref="Problems"/>, and thrown when that image is read.
/// </summary>
public sealed unsafe class RoiFile : IDisposable
{
    /// <summary>The largest side accepted; the IFCB camera is 1380×1034, so anything far beyond is corrupt.</summary>
    public const int MaxSide = 16384;

    // Null for a zero-length file, which is never opened (see RawFile.IsEmpty): nothing can be read from it anyway.
    private readonly SafeFileHandle? _handle;
    private readonly RoiImage[] _images;
    private readonly int[] _indexByTarget;
    private readonly Dictionary<int, string> _errors;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;

    private RoiFile(string path, SafeFileHandle? handle, long length, RoiImage[] images, int[] indexByTarget, Dictionary<int, string> errors, RoiAccess access)
    {
        Path = path;
        _handle = handle;
        if (access == RoiAccess.MemoryMapped && length > 0 && handle is not null)
        {
            _map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + _view.PointerOffset;
        }

        Length = length;
        _images = images;
        _indexByTarget = indexByTarget;
        _errors = errors;
    }

    /// <summary>The .roi path.</summary>
    public string Path { get; }

    /// <summary>The file size in bytes.</summary>
    public long Length { get; }

    /// <summary>Every image-bearing ADC line in target order (including ones with geometry problems).</summary>
    public IReadOnlyList<RoiImage> Images => _images;

    /// <summary>The targets whose geometry is bad, with the reason.</summary>
    public IReadOnlyDictionary<int, string> Errors => _errors;

    /// <summary>Problems found when opening, one line each, naming the target.</summary>
    public IEnumerable<string> Problems => _errors.OrderBy(e => e.Key).Select(e => $"target {e.Key}: {e.Value}");

    /// <summary>How pixels are read.</summary>
    public RoiAccess Access => _base is null ? RoiAccess.PositionedReads : RoiAccess.MemoryMapped;

    /// <summary>Opens a .roi file and indexes the images its ADC file describes.</summary>
    /// <param name="path">The .roi file.</param>
    /// <param name="adc">Its ADC file.</param>
    /// <param name="access">Positioned reads (default, safe if the file shrinks later) or a memory-mapped view (fastest).</param>
    public static RoiFile Open(string path, AdcFile adc, RoiAccess access = RoiAccess.PositionedReads)
    {
        ArgumentNullException.ThrowIfNull(adc);
        SafeFileHandle? handle;
        try
        {
            handle = IO.RawFile.IsEmpty(path) ? null : File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IfcbDataException(path, $"cannot open ROI file: {ex.Message}", inner: ex);
        }

        try
        {
            var length = handle is null ? 0 : RandomAccess.GetLength(handle);
            var images = new List<RoiImage>();
            var index = new int[adc.Count + 1];
            Array.Fill(index, -1);
            var errors = new Dictionary<int, string>();
            foreach (var row in adc.Rows)
            {
                if (!row.HasImage)
                {
                    continue;
                }

                var error = Check(row, length);
                if (error is not null)
                {
                    errors[row.Target] = error;
                }

                index[row.Target] = images.Count;
                images.Add(error is null
                    ? new RoiImage(row.Target, (int)row.Width, (int)row.Height, row.StartByte)
                    : new RoiImage(row.Target, 0, 0, row.StartByte));
            }

            return new RoiFile(path, handle, length, [.. images], index, errors, access);
        }
        catch
        {
            handle?.Dispose();
            throw;
        }
    }

    /// <summary>True when the target has an image (even one with a geometry problem).</summary>
    public bool HasImage(int target) => target > 0 && target < _indexByTarget.Length && _indexByTarget[target] >= 0;

    /// <summary>The geometry of a target's image; throws <see cref="IfcbDataException"/> if it has none or it is bad.</summary>
    public RoiImage GetImage(int target)
    {
        if (!HasImage(target))
        {
            throw new IfcbDataException(Path, "no image for this target (no such ADC line, or a 0x0 line)", target: target);
        }

        if (_errors.TryGetValue(target, out var error))
        {
            throw new IfcbDataException(Path, error, target: target);
        }

        return _images[_indexByTarget[target]];
    }

    /// <summary>Reads a target's pixels into <paramref name="destination"/> and returns the byte count. No allocation.</summary>
    public int ReadImage(int target, Span<byte> destination)
    {
        var image = GetImage(target);
        ReadImage(image, destination);
        return image.Length;
    }

    /// <summary>Reads the pixels of an image found through <see cref="Images"/> or <see cref="GetImage"/>.</summary>
    public void ReadImage(in RoiImage image, Span<byte> destination)
    {
        var length = image.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; target {image.Target} needs {length}", nameof(destination));
        }

        var span = destination[..length];
        var offset = image.StartByte;
        if (_base is not null)
        {
            // Bounds were checked against the mapped length when the file was opened.
            new ReadOnlySpan<byte>(_base + offset, length).CopyTo(span);
            return;
        }

        while (!span.IsEmpty)
        {
            var n = RandomAccess.Read(_handle!, span, offset);
            if (n <= 0)
            {
                // Only possible if the file shrank after it was opened: the open-time check passed.
                throw new IfcbDataException(Path, $"file ends at byte {offset} inside the image ({image.Width}x{image.Height} from byte {image.StartByte})", target: image.Target);
            }

            span = span[n..];
            offset += n;
        }
    }

    /// <summary>Reads a target's pixels into a new array (row-major, <c>Width</c> bytes per row).</summary>
    public byte[] ReadImage(int target)
    {
        var image = GetImage(target);
        var pixels = new byte[image.Length];
        ReadImage(image, pixels);
        return pixels;
    }

    /// <summary>Reads raw bytes (used by writers that copy a file region).</summary>
    public void ReadBytes(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(_handle!, destination, offset);
            if (n <= 0)
            {
                throw new IfcbDataException(Path, $"unexpected end of file at byte {offset}");
            }

            destination = destination[n..];
            offset += n;
        }
    }

    /// <summary>Closes the file (and its mapping).</summary>
    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
        _handle?.Dispose();
    }

    private static string? Check(AdcRow row, long fileLength)
    {
        if (row.Width < 0 || row.Height < 0)
        {
            return $"negative image size {row.Width}x{row.Height}";
        }

        if (row.Width > MaxSide || row.Height > MaxSide)
        {
            return $"absurd image size {row.Width}x{row.Height} (limit {MaxSide} a side)";
        }

        if (row.StartByte < 0)
        {
            return $"negative start byte {row.StartByte}";
        }

        var end = row.StartByte + row.Width * row.Height;
        if (row.StartByte >= fileLength)
        {
            return $"start byte {row.StartByte} is past the end of the file ({fileLength} bytes)";
        }

        if (end > fileLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"file truncated: the {row.Width}x{row.Height} image from byte {row.StartByte} needs {end} bytes, the file has {fileLength}");
        }

        return null;
    }
}
