using Ifcb.Data;
using Ifcb.Datasets;
using Ifcb.Formats.Mat;
using Ifcb.Imaging;
using Ifcb.Synthetic;
using Ifcb.Testing;
using Ifcb.Training.Loop;

namespace Ifcb.Training.Tests.Data;

/// <summary>Labelled ROIs straight from raw bins: label sources matched with bins, pixels read through Ifcb.Data.</summary>
public sealed class BinDatasetTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SyntheticArchiveResult _archive;
    private readonly Dictionary<string, string> _truth;

    public BinDatasetTests()
    {
        // A small synthetic archive: 3 bins on 2 days, ground_truth.csv (pid,class) next to them.
        _archive = SyntheticArchiveWriter.Write(_dir.Combine("archive"), new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 40, Seed = 5, BinsPerDay = 2 });
        _truth = File.ReadLines(_archive.GroundTruthPath).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1], StringComparer.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Csv_labels_over_an_archive_give_every_roi_with_its_class_and_the_bin_pixels()
    {
        // When the ground truth is matched with the archive
        var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], new DatasetOptions { ClassMin = 1 });

        // Then there is one item per labelled ROI, named by its pid, with its class; classes in ordinal order
        Assert.Equal(_truth.Count, dataset.Images.Count);
        Assert.Equal(_truth.Keys.Order(StringComparer.Ordinal), dataset.Images.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.All(dataset.Images, i => Assert.Equal(_truth[i.Name], i.Label));
        Assert.Equal(_truth.Values.Distinct().Order(StringComparer.Ordinal), dataset.ClassLabels);
        Assert.Contains(dataset.Notes, n => n.StartsWith($"{_truth.Count} of {_truth.Count} labels matched ROIs in 3 of 3 bins", StringComparison.Ordinal));

        // and the pixels are the ROI's pixels as Ifcb.Data reads them
        using var reader = new LabelledImageReader();
        foreach (var image in dataset.Images)
        {
            using var bin = Bin.Open(image.BinPath!);
            var expected = bin.ReadImage(image.Target!.Value, out var width, out var height);
            var loaded = reader.Load(image);
            Assert.Equal((width, height), (loaded.Width, loaded.Height));
            Assert.Equal(expected, loaded.Pixels);
        }

        Assert.Equal(3, reader.BinOpens);
    }

    [Fact]
    public void The_loader_preprocesses_bin_rois_exactly_as_the_shared_preprocessor_does()
    {
        // Given the dataset and a loader without augmentation
        var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], new DatasetOptions { ClassMin = 1 });
        var preprocess = new PreprocessOptions { InputSize = 24, Channels = 1, Resize = ResizeMode.Pad };
        using var reader = new LabelledImageReader();
        var loader = new BatchLoader(dataset.Images, reader, dataset.ClassIndex, preprocess, batchSize: 16, workers: 2);

        // When one epoch is served in order
        var batches = Drain(loader);

        // Then each item's tensor is Preprocessor's output for the ROI read directly from its bin
        Assert.Equal(dataset.Images.Count, batches.Sum(b => b.Count));
        var expected = new float[preprocess.TensorLength];
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var image = dataset.Images[batch.Indices[i]];
                using var bin = Bin.Open(image.BinPath!);
                var pixels = bin.ReadImage(image.Target!.Value, out var width, out var height);
                Preprocessor.Preprocess(pixels, width, height, preprocess, expected);
                Assert.Equal(expected, batch.Data.AsSpan(i * preprocess.TensorLength, preprocess.TensorLength).ToArray());
                Assert.Equal(dataset.ClassIndex[image.Label], batch.Labels[i]);
            }
        }

        Assert.Empty(loader.Failures);
    }

    [Fact]
    public void Labels_naming_no_image_are_counted_and_named_and_the_rest_kept()
    {
        // Given the ground truth plus labels for a bin not given, a 0x0 ADC line and a line past the end of a bin
        var binPath = Path.ChangeExtension(_archive.HeaderPaths[0], null);
        using (var bin = Bin.Open(binPath))
        {
            var blank = Enumerable.Range(1, bin.Adc.Count).First(t => !bin.ContainsImage(t));
            var beyond = bin.Adc.Count + 1;
            File.AppendAllLines(_archive.GroundTruthPath,
            [
                "D20990101T000000_IFCB999_00001,ghost",
                $"{bin.RoiId(blank)},blank",
                $"{bin.RoiId(beyond)},blank",
            ]);

            // When matched
            var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], new DatasetOptions { ClassMin = 1 });

            // Then the good labels are all there, and each miss is counted and named with its reason
            Assert.Equal(_truth.Count, dataset.Images.Count);
            Assert.Contains(dataset.Notes, n => n.Contains("1 labels name ROIs of 1 bins not among the bins given", StringComparison.Ordinal)
                && n.Contains("D20990101T000000_IFCB999 (1)", StringComparison.Ordinal));
            var named = Assert.Single(dataset.Notes, n => n.StartsWith("2 labels name ROIs without a readable image", StringComparison.Ordinal));
            Assert.Contains($"{bin.RoiId(blank)} ({_archive.GroundTruthPath}:", named, StringComparison.Ordinal);
            Assert.Contains("0x0", named, StringComparison.Ordinal);
            Assert.Contains($"{bin.RoiId(beyond)} (", named, StringComparison.Ordinal);
            Assert.Contains($"the bin has {bin.Adc.Count} ADC lines", named, StringComparison.Ordinal);
            Assert.DoesNotContain("ghost", dataset.ClassLabels);
        }
    }

    [Fact]
    public void Labels_that_match_nothing_are_an_error_naming_the_label_file()
    {
        var labels = _dir.Combine("other.csv");
        File.WriteAllText(labels, "pid,class\nD20990101T000000_IFCB999_00001,ghost\n");

        var ex = Assert.Throws<IfcbDataException>(() => DatasetBuilder.BuildFromBins([labels], [_archive.Root], new DatasetOptions()));

        Assert.Equal(labels, ex.FilePath);
        Assert.Contains("none of the 1 labels names an image in the 3 bins", ex.Message, StringComparison.Ordinal);
        Assert.Contains("D20990101T000000_IFCB999_00001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_of_a_v1_bin_use_the_stitched_numbering()
    {
        // Given the real v1 bin (lines 3+4 a stitch pair, line 7 0x0) and an ifcb-analysis annotation of all 7 lines
        var binPath = TestData.CopyBin(TestBins.V1Stitched, _dir.Combine("v1"));
        var annotations = Directory.CreateDirectory(_dir.Combine("manual")).FullName;
        MatFile.Write(Path.Combine(annotations, "IFCB5_2012_028_081515.mat"), new Dictionary<string, MatArray>
        {
            ["classlist"] = MatNumeric.Matrix(new double[,]
            {
                { 1, 1, double.NaN }, { 2, double.NaN, 2 }, { 3, 2, double.NaN }, { 4, 2, double.NaN },
                { 5, 1, double.NaN }, { 6, 2, double.NaN }, { 7, 1, double.NaN },
            }),
            ["class2use_manual"] = MatCell.RowOfStrings(["Ditylum", "ciliate"]),
        });

        // When the annotation folder is matched with the bin
        var dataset = DatasetBuilder.BuildFromBins([annotations], [binPath], new DatasetOptions { ClassMin = 1 });

        // Then ROI 3 is the stitched image, ROI 4 (its second half) and ROI 7 (0x0) are reported, ROI 2 (NaN) skipped
        Assert.Equal(["1 Ditylum", "3 ciliate", "5 Ditylum", "6 ciliate"], dataset.Images.Select(i => $"{i.Target} {i.Label}").Order(StringComparer.Ordinal));
        Assert.Contains(dataset.Notes, n => n.StartsWith("1 ROIs without a manual class (NaN) in 1 annotation files", StringComparison.Ordinal));
        var named = Assert.Single(dataset.Notes, n => n.StartsWith("2 labels name ROIs without a readable image", StringComparison.Ordinal));
        Assert.Contains("IFCB5_2012_028_081515_00004 (", named, StringComparison.Ordinal);
        Assert.Contains("second half of a stitched pair; its pixels are in target 3's image", named, StringComparison.Ordinal);
        Assert.Contains("IFCB5_2012_028_081515_00007 (", named, StringComparison.Ordinal);

        using var reader = new LabelledImageReader();
        using var bin = Bin.Open(binPath);
        var stitched = reader.Load(dataset.Images.Single(i => i.Target == 3));
        Assert.Equal(bin.ReadImage(3, out var width, out var height), stitched.Pixels);
        Assert.Equal((width, height), (stitched.Width, stitched.Height));
        Assert.Equal(86 * 263, width * height);
    }

    [Theory]
    [InlineData(GroupSplit.Bin)]
    [InlineData(GroupSplit.Day)]
    public void Group_split_keeps_each_bin_or_day_on_one_side(GroupSplit mode)
    {
        var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], new DatasetOptions { ClassMin = 1 });

        var split = Split.Create(dataset, 0.7, 3, mode);

        var groups = dataset.Images.Select(i => Split.GroupKey(i, mode)).Distinct().ToList();
        Assert.Equal(mode == GroupSplit.Bin ? _archive.Lids.Order(StringComparer.Ordinal) : ["D20220519", "D20220520"], groups.Order(StringComparer.Ordinal));
        Assert.Empty(split.Training.Select(i => Split.GroupKey(i, mode)).Intersect(split.Validation.Select(i => Split.GroupKey(i, mode))));
        Assert.NotEmpty(split.Validation);
        Assert.Equal(dataset.Images.Count, split.Training.Count + split.Validation.Count);
    }

    [Fact]
    public void Class_config_class_min_and_class_max_apply_to_bin_labels()
    {
        // Given a class config that merges the two largest classes, skips the third and keeps the rest
        var counts = _truth.Values.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var bySize = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
        var (a, b, skipped) = (bySize[0], bySize[1], bySize[2]);
        var config = _dir.Combine("classes.csv");
        File.WriteAllLines(config, ["class,v", .. counts.Keys.Select(c => c == a || c == b ? $"{c},merged" : c == skipped ? $"{c},0" : $"{c},1")]);
        var options = new DatasetOptions { ClassConfig = ClassConfig.Load(config, "v"), ClassMin = 3, ClassMax = 5, Seed = 2 };

        // When the dataset is built
        var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], options);

        // Then merged, skipped, too-small and subsampled classes come out as they do for folders
        Assert.Contains(dataset.Notes, n => n == $"class '{a}' trained as 'merged'");
        Assert.Contains(dataset.Notes, n => n == $"classes skipped by the class config: {skipped}");
        var expected = counts.Where(kv => kv.Key != a && kv.Key != b && kv.Key != skipped).Select(kv => (kv.Key, kv.Value))
            .Append(("merged", counts[a] + counts[b]))
            .Where(c => c.Item2 >= 3).Select(c => (c.Item1, Math.Min(c.Item2, 5))).OrderBy(c => c.Item1, StringComparer.Ordinal);
        Assert.Equal(expected, dataset.ClassLabels.Zip(dataset.CountsPerClass()));
    }

    [Fact]
    public void Unreadable_rois_are_skipped_and_counted_by_the_loader()
    {
        // Given the dataset, then one bin's .roi cut in half after matching (its later ROIs now lie past the end)
        var dataset = DatasetBuilder.BuildFromBins([_archive.GroundTruthPath], [_archive.Root], new DatasetOptions { ClassMin = 1 });
        var roi = Path.ChangeExtension(_archive.HeaderPaths[1], ".roi");
        var bytes = File.ReadAllBytes(roi);
        File.WriteAllBytes(roi, bytes[..(bytes.Length / 2)]);
        using var reader = new LabelledImageReader();
        var loader = new BatchLoader(dataset.Images, reader, dataset.ClassIndex, new PreprocessOptions { InputSize = 16, Channels = 1 }, batchSize: 8, workers: 2);

        // When an epoch is served
        var served = Drain(loader).Sum(b => b.Count);

        // Then the unreadable ROIs are left out and each is named with its file and reason, nothing else fails
        Assert.NotEmpty(loader.Failures);
        Assert.Equal(dataset.Images.Count, served + loader.Failures.Count);
        Assert.All(loader.Failures, f => Assert.Contains(roi, f.Value, StringComparison.Ordinal));
        Assert.All(loader.Failures.Keys, k => Assert.StartsWith(Path.ChangeExtension(roi, null) + "#", k, StringComparison.Ordinal));
    }

    [Fact]
    public void Bin_references_and_file_names_parse_apart()
    {
        var roi = LabelledImage.FromBin("/data/#1/D20230312T003037_IFCB134", 130, "a");
        var file = new LabelledImage("/data/#1/D20230312T003037_IFCB134_00130.png", "a");

        Assert.Equal(("/data/#1/D20230312T003037_IFCB134#130", "/data/#1/D20230312T003037_IFCB134", 130), (roi.Path, roi.BinPath, roi.Target));
        Assert.Equal("D20230312T003037_IFCB134_00130", roi.Name);
        Assert.Equal(("D20230312T003037_IFCB134_00130", (string?)null, (int?)null), (file.Name, file.BinPath, file.Target));
        Assert.Equal("D20230312", Split.GroupKey(roi, GroupSplit.Day));
    }

    private static List<Batch> Drain(BatchLoader loader)
    {
        var batches = new List<Batch>();
        var reader = loader.Start(seed: 1, epoch: 1, shuffle: false, AugmentOptions.None, CancellationToken.None);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var batch))
            {
                batches.Add(batch);
            }
        }

        return batches;
    }
}
