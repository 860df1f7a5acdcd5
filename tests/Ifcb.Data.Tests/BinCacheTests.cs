using Ifcb.Testing;

namespace Ifcb.Data.Tests;

public sealed class BinCacheTests
{
    [Fact]
    public void Parallel_reads_over_more_bins_than_it_holds_give_the_pixels_Bin_reads()
    {
        // Given three real bins (one v1 with a stitch pair) and a cache that keeps only one idle bin open
        var bins = new[] { TestBins.V1Stitched, TestBins.V2White, TestBins.McLane }.Select(TestData.PathOf).ToArray();
        var expected = new Dictionary<(string, int), byte[]>();
        foreach (var path in bins)
        {
            using var bin = Bin.Open(path);
            foreach (var target in bin.Images)
            {
                expected[(path, target)] = bin.ReadImage(target, out _, out _);
            }
        }

        var work = Enumerable.Range(0, 20).SelectMany(_ => expected.Keys).ToArray();
        new Random(5).Shuffle(work);
        using var cache = new BinCache(capacity: 1);

        // When many threads read them in random order
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, key =>
        {
            var pixels = cache.ReadImage(key.Item1, key.Item2, out var width, out var height);

            // Then every read returns the same pixels (stitched for the v1 pair) and shape
            Assert.Equal(expected[key], pixels);
            Assert.Equal(pixels.Length, width * height);
        });
        Assert.InRange(cache.Opens, bins.Length, work.Length);
    }

    [Fact]
    public void A_bin_stays_open_across_reads_while_it_is_cached()
    {
        var path = TestData.PathOf(TestBins.V2White);
        using var cache = new BinCache(capacity: 2);
        using var bin = Bin.Open(path);

        foreach (var target in bin.Images.Concat(bin.Images))
        {
            cache.ReadImage(path, target, out _, out _);
        }

        Assert.Equal(1, cache.Opens);
    }

    [Fact]
    public void Reads_of_missing_images_name_file_target_and_reason()
    {
        // Given the v1 bin: targets 3+4 are a stitch pair, line 7 is 0x0, there are 7 lines
        var path = TestData.PathOf(TestBins.V1Stitched);
        using var cache = new BinCache();

        // When the second half, the 0x0 line and a line past the end are read, Then each error says why
        foreach (var (target, reason) in new[] { (4, "second half of a stitched pair"), (7, "0x0"), (8, "the bin has 7 ADC lines") })
        {
            var ex = Assert.Throws<IfcbDataException>(() => cache.ReadImage(path, target, out _, out _));
            Assert.Equal(target, ex.Target);
            Assert.EndsWith(".roi", ex.FilePath, StringComparison.Ordinal);
            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        }

        // and a missing bin names its files
        Assert.Throws<IfcbDataException>(() => cache.ReadImage(Path.Combine(Path.GetDirectoryName(path)!, "D20000101T000000_IFCB001"), 1, out _, out _));
    }
}
