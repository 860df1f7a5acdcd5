using System.Globalization;
using System.Text.RegularExpressions;

namespace Ifcb.Synthetic.Tests;

public sealed partial class SyntheticArchiveTests
{
    private static readonly SyntheticArchiveOptions Small = new() { Bins = 3, RoisPerBin = 150, Seed = 11, BinsPerDay = 2 };

    [Fact]
    public void Same_seed_writes_byte_identical_files_whatever_the_parallelism()
    {
        // Given archives from one seed painted with one, two and four threads (three bins, so that the
        // writer's two pixel arenas are both reused), and one archive from another seed
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var d = new TempDirectory();
        using var c = new TempDirectory();
        SyntheticArchiveWriter.Write(a.Path, new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 80, Seed = 3, MaxDegreeOfParallelism = 1 });
        SyntheticArchiveWriter.Write(b.Path, new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 80, Seed = 3, MaxDegreeOfParallelism = 4 });
        SyntheticArchiveWriter.Write(d.Path, new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 80, Seed = 3, MaxDegreeOfParallelism = 2 });
        SyntheticArchiveWriter.Write(c.Path, new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 80, Seed = 4 });

        // Then the first three hold the same files with the same bytes
        var filesA = RelativeFiles(a.Path);
        Assert.Equal(filesA, RelativeFiles(b.Path));
        Assert.Equal(filesA, RelativeFiles(d.Path));
        Assert.Equal(10, filesA.Count); // 3 bins x 3 files + ground truth
        foreach (var file in filesA)
        {
            var bytes = File.ReadAllBytes(Path.Combine(a.Path, file));
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b.Path, file))), $"{file} differs (1 and 4 threads)");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(d.Path, file))), $"{file} differs (1 and 2 threads)");
        }

        // And the in-memory bins (one array per image, painted on one thread) hold the same images
        var options = new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 80, Seed = 3, MaxDegreeOfParallelism = 1 };
        for (var i = 0; i < 3; i++)
        {
            var bin = SyntheticBinFactory.Create(options, i);
            var roi = File.ReadAllBytes(Path.Combine(a.Path, bin.RelativeDirectory, bin.Lid + ".roi"));
            Assert.True(roi.AsSpan().SequenceEqual(bin.Rois.SelectMany(r => r.Image.Pixels).ToArray()), $"bin {i}: in-memory images differ from the file");
        }

        // And the other seed gives different pixels
        var roiA = Directory.GetFiles(a.Path, "*.roi", SearchOption.AllDirectories).Order().First();
        var roiC = Directory.GetFiles(c.Path, "*.roi", SearchOption.AllDirectories).Order().First();
        Assert.False(File.ReadAllBytes(roiA).AsSpan().SequenceEqual(File.ReadAllBytes(roiC)));
    }

    [Fact]
    public void Bins_use_v2_ids_and_the_deposit_layout_spread_over_days()
    {
        // Given a small archive, two bins per day
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, Small);

        // Then every bin is D{yyyyMMdd}T{HHmmss}_IFCB999 under D{YYYY}/D{YYYYMMDD} and the bins cover two days
        Assert.Equal(3, result.HeaderPaths.Count);
        var days = new HashSet<string>();
        foreach (var hdr in result.HeaderPaths)
        {
            var lid = Path.GetFileNameWithoutExtension(hdr);
            var match = LidPattern().Match(lid);
            Assert.True(match.Success, lid);
            var day = match.Groups[1].Value;
            Assert.Equal(Path.Combine(dir.Path, "D" + day[..4], "D" + day), Path.GetDirectoryName(hdr));
            Assert.True(File.Exists(Path.ChangeExtension(hdr, ".adc")));
            Assert.True(File.Exists(Path.ChangeExtension(hdr, ".roi")));
            days.Add(day);
        }

        Assert.Equal(2, days.Count);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void Adc_start_bytes_run_back_to_back_and_match_the_roi_file()
    {
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, Small);
        foreach (var hdr in result.HeaderPaths)
        {
            // Given a bin's ADC rows, parsed here, and its .roi size
            var rows = AdcRow.ReadAll(Path.ChangeExtension(hdr, ".adc"));
            var roiSize = new FileInfo(Path.ChangeExtension(hdr, ".roi")).Length;

            // Then every line has 24 columns, images follow one another from byte 0 and the file ends at the last one
            Assert.All(rows, r => Assert.Equal(24, r.Columns));
            long expected = 0;
            foreach (var row in rows.Where(r => r.HasImage))
            {
                Assert.Equal(expected, row.StartByte);
                expected += (long)row.Width * row.Height;
            }

            Assert.Equal(expected, roiSize);

            // And triggers without an image are 0x0 lines with start byte 0, as McLane software writes them
            var empty = rows.Where(r => !r.HasImage).ToList();
            Assert.NotEmpty(empty);
            Assert.All(empty, r => Assert.Equal((0, 0, 0L), (r.Width, r.Height, r.StartByte)));

            // And ROIs sit inside the camera frame
            Assert.All(rows.Where(r => r.HasImage), r => Assert.True(r.X >= 0 && r.Y >= 0 && r.X + r.Width <= 1380 && r.Y + r.Height <= 1034, $"ROI at {r.X},{r.Y} {r.Width}x{r.Height}"));
        }
    }

    [Fact]
    public void Times_increase_and_give_a_plausible_volume_analysed()
    {
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, new SyntheticArchiveOptions { Bins = 2, RoisPerBin = 600, Seed = 12 });
        foreach (var hdr in result.HeaderPaths)
        {
            // Given the ADC rows of a bin
            var rows = AdcRow.ReadAll(Path.ChangeExtension(hdr, ".adc"));

            // Then triggers, ADC time and the cumulative run and inhibit times never decrease, and rise between triggers
            for (var i = 1; i < rows.Count; i++)
            {
                var (p, r) = (rows[i - 1], rows[i]);
                if (r.Trigger == p.Trigger)
                {
                    Assert.Equal((p.AdcTime, p.RunTime, p.InhibitTime), (r.AdcTime, r.RunTime, r.InhibitTime));
                    continue;
                }

                Assert.Equal(p.Trigger + 1, r.Trigger);
                Assert.True(r.AdcTime > p.AdcTime && r.RunTime > p.RunTime && r.InhibitTime > p.InhibitTime, $"line {i + 1} does not advance");
                Assert.InRange(r.InhibitTime - p.InhibitTime, 0.0, 5.0); // pyifcb's bad-row repair keeps (-0.1, 5)
            }

            // And several ROIs share a trigger somewhere
            Assert.True(rows.Count > rows[^1].Trigger);

            // And pyifcb's simple v2 volume, (runTime - inhibitTime) * 0.25 / 60 from the last row, is 3-5 mL for a ~20-minute run
            var last = rows[^1];
            var ml = (last.RunTime - last.InhibitTime) * 0.25 / 60;
            Assert.InRange(ml, 3.0, 5.0);
            Assert.InRange(last.RunTime, 1100, 1300);

            // And the run time agrees with the ADC time (pyifcb's cross-check tolerates 0.2 s)
            var offsets = rows.Take(50).Select(r => r.RunTime - r.AdcTime).Order().ToArray();
            var median = offsets[offsets.Length / 2];
            Assert.True(Math.Abs(last.RunTime - (last.AdcTime + median)) <= 0.2);
        }
    }

    [Fact]
    public void Header_agrees_with_the_adc()
    {
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, Small);
        foreach (var hdr in result.HeaderPaths)
        {
            // Given the header text and the ADC rows
            var text = File.ReadAllText(hdr);
            var rows = AdcRow.ReadAll(Path.ChangeExtension(hdr, ".adc"));

            // Then it is CRLF key/value text starting with SoftwareVersion
            Assert.StartsWith("SoftwareVersion: ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(": ");
                if (parts.Length == 2)
                {
                    keys[parts[0]] = parts[1];
                }
            }

            foreach (var key in new[] { "runTime", "inhibitTime", "triggerCount", "roiCount", "temperature", "humidity", "ADCFileFormat", "sampleType", "imagerID" })
            {
                Assert.True(keys.ContainsKey(key), $"{hdr} lacks {key}");
            }

            // And its counts and times are those of the ADC
            Assert.Equal(rows[^1].Trigger, int.Parse(keys["triggerCount"], CultureInfo.InvariantCulture));
            Assert.Equal(rows.Count(r => r.HasImage), int.Parse(keys["roiCount"], CultureInfo.InvariantCulture));
            Assert.Equal(rows[^1].RunTime, double.Parse(keys["runTime"], CultureInfo.InvariantCulture));
            Assert.Equal(rows[^1].InhibitTime, double.Parse(keys["inhibitTime"], CultureInfo.InvariantCulture));
            Assert.Equal("999", keys["imagerID"]);
            Assert.InRange(double.Parse(keys["temperature"], CultureInfo.InvariantCulture), 0, 40);
            Assert.Equal(24, keys["ADCFileFormat"].Split(", ").Length);
        }
    }

    [Fact]
    public void Ground_truth_covers_exactly_the_image_rois_and_every_class()
    {
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, Small);

        // Given the ground truth and the image ROIs found from the ADC files
        var lines = File.ReadAllLines(result.GroundTruthPath);
        Assert.Equal("pid,class", lines[0]);
        var truth = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => p[1]);
        var imagePids = new HashSet<string>();
        foreach (var hdr in result.HeaderPaths)
        {
            var lid = Path.GetFileNameWithoutExtension(hdr);
            var rows = AdcRow.ReadAll(Path.ChangeExtension(hdr, ".adc"));
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].HasImage)
                {
                    imagePids.Add($"{lid}_{i + 1:D5}");
                }
            }
        }

        // Then the truth names exactly those ROIs, each with a known class, and all classes occur
        Assert.Equal(lines.Length - 1, truth.Count);
        Assert.True(imagePids.SetEquals(truth.Keys));
        Assert.Equal(result.Rois, truth.Count);
        Assert.All(truth.Values, c => Assert.NotEqual(-1, SyntheticClasses.IndexOf(c)));
        Assert.Equal(SyntheticClasses.Count, truth.Values.Distinct().Count());

        // And the class mix is uneven: the most common class is several times the rarest
        foreach (var hdr in result.HeaderPaths)
        {
            var lid = Path.GetFileNameWithoutExtension(hdr);
            var counts = truth.Where(t => t.Key.StartsWith(lid, StringComparison.Ordinal)).GroupBy(t => t.Value).Select(g => g.Count()).ToArray();
            Assert.True(counts.Max() >= 4 * counts.Min(), $"{lid}: class counts {string.Join(",", counts)} are too even");
        }
    }

    [Fact]
    public void Bins_in_memory_match_the_files_written()
    {
        // Given a bin generated in memory and the same bin written by the archive writer
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, Small);
        var bin = SyntheticBinFactory.Create(Small, 1);

        // Then the files hold its text and its images back-to-back
        var hdr = result.HeaderPaths[1];
        Assert.Equal(bin.Lid, Path.GetFileNameWithoutExtension(hdr));
        Assert.Equal(bin.HeaderText, File.ReadAllText(hdr));
        Assert.Equal(bin.AdcText, File.ReadAllText(Path.ChangeExtension(hdr, ".adc")));
        Assert.Equal(bin.Rois.SelectMany(r => r.Image.Pixels).ToArray(), File.ReadAllBytes(Path.ChangeExtension(hdr, ".roi")));
    }

    [Fact]
    public void Zero_rois_write_empty_but_valid_bins_and_bad_options_are_refused()
    {
        using var dir = new TempDirectory();
        var result = SyntheticArchiveWriter.Write(dir.Path, new SyntheticArchiveOptions { Bins = 1, RoisPerBin = 0 });
        Assert.Equal(0, new FileInfo(Path.ChangeExtension(result.HeaderPaths[0], ".roi")).Length);
        Assert.Contains("roiCount: 0\r\n", File.ReadAllText(result.HeaderPaths[0]), StringComparison.Ordinal);
        Assert.Equal(["pid,class"], File.ReadAllLines(result.GroundTruthPath));

        Assert.Throws<ArgumentException>(() => SyntheticArchiveWriter.Write(dir.Path, new SyntheticArchiveOptions { Bins = -1 }));
        Assert.Throws<ArgumentException>(() => SyntheticArchiveWriter.Write(dir.Path, new SyntheticArchiveOptions { RoisPerBin = -5 }));
        Assert.Throws<ArgumentException>(() => SyntheticArchiveWriter.Write(dir.Path, new SyntheticArchiveOptions { Instrument = 1000 }));
    }

    private static List<string> RelativeFiles(string root)
        => Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^D(\d{8})T\d{6}_IFCB999$")]
    private static partial Regex LidPattern();
}
