using Ifcb.Data.Directories;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Tests.Support;
using Ifcb.Testing;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class BinRoiSourceTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-src-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Bins_are_found_by_path_with_or_without_extension_by_list_file_and_by_glob()
    {
        // Given the real fixture bins copied into one folder, and a list file naming two of them
        foreach (var bin in TestBins.CompleteBins)
        {
            TestData.CopyBin(bin, _temp.FullName);
        }

        var list = Path.Combine(_temp.FullName, "bins.txt");
        File.WriteAllLines(list, ["# two bins", "D20130526T095207_IFCB013", "IFCB5_2012_028_081515.roi", ""]);
        var source = new BinRoiSource();
        var problems = new List<BinFailure>();

        // When each input style is discovered
        var byPath = source.Discover([Path.Combine(_temp.FullName, "D20220519T124533_IFCB134"), Path.Combine(_temp.FullName, "IFCB5_2017_001_033645.adc")], BinFilter.None, problems);
        var byList = source.Discover([list], BinFilter.None, problems);
        var byGlob = source.Discover([Path.Combine(_temp.FullName, "D2*.roi")], BinFilter.None, problems);

        // Then each finds its bins once, in time order
        Assert.Empty(problems);
        Assert.Equal(["IFCB5_2017_001_033645", "D20220519T124533_IFCB134"], byPath.Select(b => b.Lid));
        Assert.Equal(["IFCB5_2012_028_081515", "D20130526T095207_IFCB013"], byList.Select(b => b.Lid));
        Assert.Equal(["D20130526T095207_IFCB013", "D20150411T205456_IFCB012", "D20220519T124533_IFCB134"], byGlob.Select(b => b.Lid));
    }

    [Fact]
    public void Filters_select_by_day_and_instrument_and_missing_inputs_are_problems()
    {
        // Given the fixture bins
        var inputs = TestBins.CompleteBins.Select(TestData.PathOf).Append(Path.Combine(_temp.FullName, "D20990101T000000_IFCB001")).ToList();
        var problems = new List<BinFailure>();

        // When filtered to IFCB134 since 2022-01-01
        var bins = new BinRoiSource().Discover(inputs, new BinFilter { Since = new DateOnly(2022, 1, 1), Instruments = new HashSet<int> { 134 } }, problems);

        // Then only the McLane bin is left, and the missing bin is a problem
        Assert.Equal(["D20220519T124533_IFCB134"], bins.Select(b => b.Lid));
        Assert.Single(problems);
        Assert.Contains("no such bin", problems[0].Reason);
    }

    [Fact]
    public async Task Real_bins_are_classified_with_the_stitched_target_set_and_their_volume()
    {
        // Given the real fixture bins: v1 with a stitch pair (3,4), v2, both empties, McLane
        var source = new BinRoiSource();
        var bins = source.Discover(TestBins.CompleteBins.Select(TestData.PathOf).ToList(), BinFilter.None, new List<BinFailure>());
        var archiveOut = Path.Combine(_temp.FullName, "out");

        // When the pipeline classifies them into CSV
        var model = Ifcb.Inference.Models.ModelLoader.Load(models.Whoi);
        using var engine = new Ifcb.Inference.Engine.OnnxEngine(model, Ifcb.Inference.Engine.DeviceSpec.Cpu, 1);
        var options = new Ifcb.Inference.Pipeline.ClassifyOptions
        {
            OutputRoot = archiveOut,
            Formats = [new CsvScoresFormat()],
            ModelId = model.ModelId,
            Labels = model.Labels,
            RunTimestamp = PipelineHarness.RunStart,
            BatchSize = 8,
            PreprocessWorkers = 2,
        };
        var pipeline = new Ifcb.Inference.Pipeline.ClassifyPipeline(options, source, new NearestPreprocessor(model.InputSize), [engine]);
        var result = await pipeline.RunAsync(bins);

        // Then all five are complete; the v1 bin has ROI numbers 1,2,3,5,6; the v2 bin 19 ROIs and 4.88507 mL
        Assert.Empty(result.Failures);
        Assert.Equal(5, result.BinsClassified);
        var v1 = bins.Single(b => b.Lid == "IFCB5_2012_028_081515");
        var v1Rows = File.ReadAllLines(new CsvScoresFormat().PathFor(archiveOut, v1)).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["00001", "00002", "00003", "00005", "00006"], v1Rows.Select(p => p[^5..]));
        Assert.Equal(Path.Combine(archiveOut, "IFCB5_2012", "IFCB5_2012_028", "IFCB5_2012_028_081515_class_scores.csv"), new CsvScoresFormat().PathFor(archiveOut, v1));
        var white = result.Summaries.Single(s => s.Lid == "D20130526T095207_IFCB013");
        Assert.Equal(19, white.RoiCount);
        Assert.Equal(4.88507, white.MlAnalyzed, 5);
        Assert.Equal(0, result.Summaries.Single(s => s.Lid == "D20150411T205456_IFCB012").RoiCount);
    }
}
