using Ifcb.Synthetic;


namespace Ifcb.Edge.Tests;

public sealed class LiveBinDetectorTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-live-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string OneBin()
    {
        var staging = Path.Combine(_temp.FullName, "staging");
        SyntheticArchiveWriter.Write(staging, new SyntheticArchiveOptions { Bins = 1, RoisPerBin = 20 });
        return Directory.GetFiles(staging, "*.hdr", SearchOption.AllDirectories).Single()[..^4];
    }

    private static void Age(string basePath, DateTimeOffset when)
    {
        foreach (var ext in new[] { ".adc", ".hdr", ".roi" })
        {
            if (File.Exists(basePath + ext))
            {
                File.SetLastWriteTimeUtc(basePath + ext, when.UtcDateTime);
            }
        }
    }

    [Fact]
    public void A_bin_is_complete_only_with_three_settled_files_and_the_last_roi_inside_the_roi_file()
    {
        var source = OneBin();
        var data = Path.Combine(_temp.FullName, "data");
        Directory.CreateDirectory(data);
        var target = Path.Combine(data, Path.GetFileName(source));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var detector = new LiveBinDetector(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(100), clock);
        var none = new HashSet<string>();

        // .adc and half the .roi, no .hdr: waiting; the ROI bytes the ADC promises are not there.
        File.Copy(source + ".adc", target + ".adc");
        var roi = File.ReadAllBytes(source + ".roi");
        File.WriteAllBytes(target + ".roi", roi[..(roi.Length / 2)]);
        Age(target, clock.GetUtcNow());
        Assert.Equal(LiveBinState.Waiting, Assert.Single(detector.Scan(data, none)).State);

        // The .hdr lands but the .roi is still short: settled or not, never complete.
        File.Copy(source + ".hdr", target + ".hdr");
        Age(target, clock.GetUtcNow());
        Assert.Equal("still being written", Assert.Single(detector.Scan(data, none)).Reason);
        clock.Advance(TimeSpan.FromSeconds(30));
        var shortRoi = Assert.Single(detector.Scan(data, none));
        Assert.Equal(LiveBinState.Waiting, shortRoi.State);
        Assert.Contains("ends at .roi byte", shortRoi.Reason, StringComparison.Ordinal);

        // The rest of the .roi: complete only after the settle time.
        File.WriteAllBytes(target + ".roi", roi);
        Age(target, clock.GetUtcNow());
        Assert.Equal(LiveBinState.Waiting, Assert.Single(detector.Scan(data, none)).State);
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(LiveBinState.Complete, Assert.Single(detector.Scan(data, none)).State);
        Assert.Empty(detector.Scan(data, new HashSet<string> { Path.GetFileName(source) }));
    }

    [Fact]
    public void A_bin_that_stops_half_written_is_abandoned_after_the_timeout()
    {
        var source = OneBin();
        var data = Path.Combine(_temp.FullName, "data");
        Directory.CreateDirectory(data);
        var target = Path.Combine(data, Path.GetFileName(source));
        File.Copy(source + ".adc", target + ".adc");
        File.Copy(source + ".roi", target + ".roi");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        Age(target, clock.GetUtcNow());
        var detector = new LiveBinDetector(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(100), clock);
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(LiveBinState.Waiting, Assert.Single(detector.Scan(data, new HashSet<string>())).State);
        clock.Advance(TimeSpan.FromSeconds(51));
        var bin = Assert.Single(detector.Scan(data, new HashSet<string>()));
        Assert.Equal(LiveBinState.Abandoned, bin.State);
        Assert.Contains("no .hdr", bin.Reason, StringComparison.Ordinal);
    }
}
