using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Ifcb.Server.Data;

/// <summary>
/// Per-ROI scores as files under the hub's data folder (<c>scores/{dataset}/{year}/{bin}.{random}.scores</c>), one
/// per (bin, model), referenced by the <c>roi_scores</c> row. A bin's 3,000 x 100 scores are 1.2 MB: in the database
/// they cost the TOAST and WAL work of PostgreSQL (and SQLite's page writes) on every push, which was the largest part
/// of the ingest's CPU; as a file they are one sequential write. The IFCB Dashboard keeps its class-score files on
/// disk the same way.
/// </summary>
/// <remarks>
/// <para>Ingest writes the file before the transaction that references it commits: the file is flushed to disk and
/// renamed into place (its directory flushed too), so a committed row always has its file, after a crash or a power
/// cut as much as the database's own commit. A push that does not commit (a duplicate, a bad payload, a crash)
/// deletes its file; a crash between the rename and the commit can leave an unreferenced file, which nothing reads.
/// Every push writes a new name, so concurrent pushes of one bin never share a file.</para>
/// <para>Format (little-endian): the 8 ASCII bytes <c>IFCBSCR1</c>, int32 ROI count n, int32 class count k, n int32
/// ROI numbers, n x k float32 scores row by row in the model's class order, then per ROI its winner (int32 class
/// index), winning score and margin to the second score (float32 each; see <see cref="RoiWinner"/>). The validation
/// queues read only the ROI numbers and that last section: 12 bytes a ROI instead of 4 x k.</para>
/// <para>Back it up with the database: a PostgreSQL dump alone does not hold the scores.</para>
/// </remarks>
public sealed partial class ScoreStore
{
    private static readonly byte[] Magic = "IFCBSCR1"u8.ToArray();
    private const int HeaderBytes = 16;
    private readonly string _incoming;

    /// <summary>A store under <paramref name="dataDir"/>/scores (created on the first write).</summary>
    public ScoreStore(string dataDir)
    {
        Root = Path.GetFullPath(Path.Combine(dataDir, "scores"));
        _incoming = Path.Combine(Root, ".incoming");
    }

    /// <summary>The folder that holds the score files.</summary>
    public string Root { get; }

    /// <summary>
    /// Writes one bin's scores durably and returns the path to store in the row (relative to <see cref="Root"/>,
    /// '/'-separated). <paramref name="roiNumbers"/> is n little-endian int32, <paramref name="scores"/> n x k float32.
    /// </summary>
    public async Task<string> WriteAsync(string dataset, string binLid, DateTimeOffset sampleTime, ReadOnlyMemory<byte> roiNumbers, ReadOnlyMemory<byte> scores,
        int classCount, CancellationToken cancellationToken)
    {
        var rois = roiNumbers.Length / 4;
        if (roiNumbers.Length % 4 != 0 || scores.Length != (long)rois * classCount * 4)
        {
            throw new ArgumentException($"scores of {binLid}: {roiNumbers.Length} bytes of ROI numbers and {scores.Length} bytes of scores do not make {classCount} classes");
        }

        var summary = Summarise(MemoryMarshal.Cast<byte, float>(scores.Span), rois, classCount);
        var relative = $"{dataset}/{sampleTime.UtcDateTime.Year:D4}/{binLid}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.scores";
        var final = Resolve(relative);
        Directory.CreateDirectory(_incoming);
        var temp = Path.Combine(_incoming, Path.GetFileName(final) + ".tmp");
        try
        {
            var header = new byte[HeaderBytes];
            Magic.CopyTo(header, 0);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), rois);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), classCount);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                stream.SetLength(HeaderBytes + roiNumbers.Length + scores.Length + summary.Length);
                await stream.WriteAsync(header, cancellationToken);
                await stream.WriteAsync(roiNumbers, cancellationToken);
                await stream.WriteAsync(scores, cancellationToken);
                await stream.WriteAsync(summary, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            var dir = Path.GetDirectoryName(final)!;
            Directory.CreateDirectory(dir);
            File.Move(temp, final);
            FlushDirectory(dir);
            return relative;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Fills the row's blobs from its file (rows stored before the files already hold them) and returns it.</summary>
    /// <exception cref="ScoreFileException">The row's file is missing or does not match the row.</exception>
    public RoiScoresRow Load(RoiScoresRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.File is { } file)
        {
            (row.RoiNumbers, row.Scores) = Read(file, row.RoiCount, row.ClassCount);
        }

        return row;
    }

    /// <summary>Reads the file of <paramref name="relative"/> into (ROI numbers, scores), checking it against the row's sizes.</summary>
    /// <exception cref="ScoreFileException">The file is missing, truncated or not a score file.</exception>
    public (byte[] RoiNumbers, byte[] Scores) Read(string relative, int roiCount, int classCount)
    {
        var path = Resolve(relative);
        using var handle = OpenChecked(path, roiCount, classCount);
        var roiNumbers = new byte[roiCount * 4];
        var scores = new byte[(long)roiCount * classCount * 4];
        ReadExactly(handle, roiNumbers, HeaderBytes, path);
        ReadExactly(handle, scores, HeaderBytes + roiNumbers.Length, path);
        return (roiNumbers, scores);
    }

    /// <summary>
    /// Each ROI's number and winner of a <c>roi_scores</c> row: from its file's winner section, or computed from the
    /// blobs of a row stored before the files.
    /// </summary>
    /// <exception cref="ScoreFileException">The row's file is missing or does not match the row.</exception>
    public (int[] RoiNumbers, RoiWinner[] Winners) ReadWinners(RoiScoresRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.File is { } file
            ? ReadWinners(file, row.RoiCount, row.ClassCount)
            : (MemoryMarshal.Cast<byte, int>(row.RoiNumbers).ToArray(), Winners(MemoryMarshal.Cast<byte, float>(row.Scores), row.RoiCount, row.ClassCount));
    }

    /// <summary>Each ROI's number, winner, winning score and margin, read without the scores themselves.</summary>
    /// <exception cref="ScoreFileException">The file is missing, truncated or not a score file.</exception>
    public (int[] RoiNumbers, RoiWinner[] Winners) ReadWinners(string relative, int roiCount, int classCount)
    {
        var path = Resolve(relative);
        using var handle = OpenChecked(path, roiCount, classCount);
        var roiBytes = new byte[roiCount * 4];
        var summary = new byte[roiCount * RoiWinner.Bytes];
        ReadExactly(handle, roiBytes, HeaderBytes, path);
        ReadExactly(handle, summary, HeaderBytes + roiBytes.Length + ((long)roiCount * classCount * 4), path);
        var winners = new RoiWinner[roiCount];
        for (var r = 0; r < roiCount; r++)
        {
            var at = summary.AsSpan(r * RoiWinner.Bytes);
            winners[r] = new RoiWinner(BinaryPrimitives.ReadInt32LittleEndian(at), BinaryPrimitives.ReadSingleLittleEndian(at[4..]), BinaryPrimitives.ReadSingleLittleEndian(at[8..]));
        }

        return (MemoryMarshal.Cast<byte, int>(roiBytes).ToArray(), winners);
    }

    /// <summary>The per-ROI winners of row-major scores (n x k).</summary>
    public static RoiWinner[] Winners(ReadOnlySpan<float> scores, int roiCount, int classCount)
    {
        var winners = new RoiWinner[roiCount];
        for (var r = 0; r < roiCount; r++)
        {
            winners[r] = RoiWinner.Of(scores.Slice(r * classCount, classCount));
        }

        return winners;
    }

    private static byte[] Summarise(ReadOnlySpan<float> scores, int roiCount, int classCount)
    {
        var bytes = new byte[roiCount * RoiWinner.Bytes];
        var winners = Winners(scores, roiCount, classCount);
        for (var r = 0; r < roiCount; r++)
        {
            var at = bytes.AsSpan(r * RoiWinner.Bytes);
            BinaryPrimitives.WriteInt32LittleEndian(at, winners[r].Class);
            BinaryPrimitives.WriteSingleLittleEndian(at[4..], winners[r].Score);
            BinaryPrimitives.WriteSingleLittleEndian(at[8..], winners[r].Margin);
        }

        return bytes;
    }

    private static SafeFileHandle OpenChecked(string path, int roiCount, int classCount)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScoreFileException($"the scores file {path} is missing (the hub's data folder holds the per-ROI scores; was it restored with the database?)", ex);
        }

        var header = new byte[HeaderBytes];
        var length = RandomAccess.GetLength(handle);
        var expected = HeaderBytes + (roiCount * 4L) + ((long)roiCount * classCount * 4) + ((long)roiCount * RoiWinner.Bytes);
        if (length != expected || RandomAccess.Read(handle, header, 0) != HeaderBytes
            || !header.AsSpan(0, 8).SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != roiCount
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)) != classCount)
        {
            handle.Dispose();
            throw new ScoreFileException($"the scores file {path} is not {roiCount} ROIs x {classCount} classes of scores ({length} bytes)");
        }

        return handle;
    }

    /// <summary>Null when the file of <paramref name="relative"/> is a whole score file of that size, else what is wrong.</summary>
    public string? Verify(string relative, int roiCount, int classCount)
    {
        try
        {
            using var handle = OpenChecked(Resolve(relative), roiCount, classCount);
            return null;
        }
        catch (ScoreFileException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Every committed score file (relative path, last write time UTC); temporaries are not listed.</summary>
    public IEnumerable<(string Relative, DateTime WrittenUtc)> ListFiles()
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Root, "*.scores", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith(".incoming/", StringComparison.Ordinal))
            {
                yield return (relative, File.GetLastWriteTimeUtc(path));
            }
        }
    }

    /// <summary>Deletes the file of <paramref name="relative"/> if it exists (a push that did not commit).</summary>
    public void Delete(string relative) => TryDelete(Resolve(relative));

    /// <summary>
    /// Removes temporary files a killed process left (called at start-up), if older than 10 minutes: another process
    /// on the same data folder (a running hub while <c>ifcb serve token create</c> starts) may be writing one now.
    /// </summary>
    public void CleanIncoming()
    {
        if (!Directory.Exists(_incoming))
        {
            return;
        }

        var cutoff = DateTime.UtcNow.AddMinutes(-10);
        foreach (var file in Directory.EnumerateFiles(_incoming, "*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                TryDelete(file);
            }
        }
    }

    private string Resolve(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root, relative));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ScoreFileException($"scores path '{relative}' is outside {Root}");
        }

        return path;
    }

    private static void ReadExactly(SafeFileHandle handle, byte[] buffer, long offset, string path)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer.AsSpan(done), offset + done);
            if (n <= 0)
            {
                throw new ScoreFileException($"the scores file {path} ended early");
            }

            done += n;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: an unreferenced file is never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Makes a rename durable: fsync of the directory that holds the new name (Linux and other Unix).</summary>
    private static void FlushDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(dir, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"cannot open {dir} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush {dir} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

/// <summary>One ROI's winning class index, its score and the margin to the second highest score (1 for one class).</summary>
public readonly record struct RoiWinner(int Class, float Score, float Margin)
{
    /// <summary>Bytes of one ROI in a score file's last section.</summary>
    public const int Bytes = 12;

    /// <summary>The winner of one row of scores (the first of equal scores wins, as arg-max does).</summary>
    public static RoiWinner Of(ReadOnlySpan<float> row)
    {
        int best = 0, second = -1;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                second = best;
                best = c;
            }
            else if (second < 0 || row[c] > row[second])
            {
                second = c;
            }
        }

        return new RoiWinner(best, row[best], second < 0 ? 1f : row[best] - row[second]);
    }
}

/// <summary>A score file is missing or does not match its row: data the hub stored cannot be read back.</summary>
public sealed class ScoreFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ScoreFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ScoreFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
