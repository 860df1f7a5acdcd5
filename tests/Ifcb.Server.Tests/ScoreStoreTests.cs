using Ifcb.Server.Data;

namespace Ifcb.Server.Tests;

/// <summary>The score files themselves: round trip, damaged files named in the error, paths kept inside the store.</summary>
public sealed class ScoreStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ifcb-score-store-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static (byte[] Rois, byte[] Scores) Sample(int rois, int classes)
    {
        var numbers = new byte[rois * 4];
        var scores = new byte[rois * classes * 4];
        for (var i = 0; i < rois; i++)
        {
            BitConverter.TryWriteBytes(numbers.AsSpan(i * 4), (i * 3) + 1);
            for (var c = 0; c < classes; c++)
            {
                BitConverter.TryWriteBytes(scores.AsSpan(((i * classes) + c) * 4), (i + c) / 100f);
            }
        }

        return (numbers, scores);
    }

    [Fact]
    public async Task A_written_file_reads_back_and_every_write_gets_its_own_name()
    {
        var store = new ScoreStore(_dir);
        var (rois, scores) = Sample(30, 7);
        var time = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var a = await store.WriteAsync("mvco", "D20240501T000000_IFCB010", time, rois, scores, 7, CancellationToken.None);
        var b = await store.WriteAsync("mvco", "D20240501T000000_IFCB010", time, rois, scores, 7, CancellationToken.None);
        Assert.NotEqual(a, b);
        Assert.StartsWith("mvco/2024/D20240501T000000_IFCB010.", a, StringComparison.Ordinal);
        var (readRois, readScores) = store.Read(a, 30, 7);
        Assert.Equal(rois, readRois);
        Assert.Equal(scores, readScores);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, ".incoming")));
        // The winner section holds what the scores say, and the blobs of an old row give the same.
        var (numbers, winners) = store.ReadWinners(a, 30, 7);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (i * 3) + 1), numbers);
        Assert.All(winners, w => Assert.Equal(6, w.Class));
        Assert.Equal((29 + 6) / 100f, winners[29].Score);
        Assert.Equal(((29 + 6) / 100f) - ((29 + 5) / 100f), winners[29].Margin);
        var legacy = store.ReadWinners(new RoiScoresRow { RoiCount = 30, ClassCount = 7, RoiNumbers = rois, Scores = scores });
        Assert.Equal(numbers, legacy.RoiNumbers);
        Assert.Equal(winners, legacy.Winners);
        store.Delete(b);
        Assert.False(File.Exists(Path.Combine(store.Root, b)));
    }

    [Fact]
    public async Task A_truncated_or_mismatched_file_and_a_path_outside_the_store_are_refused_by_name()
    {
        var store = new ScoreStore(_dir);
        var (rois, scores) = Sample(10, 4);
        var path = await store.WriteAsync("ds", "D20240501T000000_IFCB010", DateTimeOffset.UnixEpoch, rois, scores, 4, CancellationToken.None);
        // The row says 5 classes, the file holds 4.
        var mismatch = Assert.Throws<ScoreFileException>(() => store.Read(path, 10, 5));
        Assert.Contains(Path.GetFileName(path), mismatch.Message, StringComparison.Ordinal);
        var full = Path.Combine(store.Root, path);
        File.WriteAllBytes(full, File.ReadAllBytes(full)[..100]);
        var truncated = Assert.Throws<ScoreFileException>(() => store.Read(path, 10, 4));
        Assert.Contains("10 ROIs x 4 classes", truncated.Message, StringComparison.Ordinal);
        Assert.Throws<ScoreFileException>(() => store.Read("../../etc/passwd", 1, 1));
        Assert.Contains("missing", Assert.Throws<ScoreFileException>(() => store.Read("ds/2024/gone.scores", 1, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ScoreFileException>(() => store.ReadWinners(path, 10, 4));
        Assert.Throws<ArgumentException>(() => store.WriteAsync("ds", "D20240501T000000_IFCB010", DateTimeOffset.UnixEpoch, rois, scores.AsMemory(0, scores.Length - 4), 4, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Fact]
    public void Old_temporary_files_of_a_killed_process_are_removed_at_start_up_and_fresh_ones_kept()
    {
        var store = new ScoreStore(_dir);
        var incoming = Path.Combine(store.Root, ".incoming");
        Directory.CreateDirectory(incoming);
        var left = Path.Combine(incoming, "D20240501T000000_IFCB010.abc.scores.tmp");
        File.WriteAllText(left, "half a file");
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddHours(-1));
        // A file being written now (another process on the same folder) is left alone.
        var writing = Path.Combine(incoming, "D20240501T000000_IFCB010.def.scores.tmp");
        File.WriteAllText(writing, "being written");
        store.CleanIncoming();
        Assert.Equal([writing], Directory.EnumerateFiles(incoming));
    }
}
