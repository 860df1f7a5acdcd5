using System.Globalization;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Tests.Support;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class ClassifyPipelineTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ifcb-infer-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public void Every_ROI_is_scored_exactly_once_with_its_own_image()
    {
        // Given an archive of 9 bins (one empty), batches of 7 that span bin boundaries, and two engines
        var archive = FakeArchive.Create(9, 30);

        // When the pipeline runs
        var (result, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName, batch: 7, engines: 2);

        // Then every bin is complete, each CSV row belongs to its ROI, and its scores are that ROI's softmax
        Assert.Empty(result.Failures);
        Assert.Equal(9, result.BinsClassified);
        Assert.Equal(archive.Bins.Sum(b => b.Targets.Length), result.RoisScored);
        var csv = new CsvScoresFormat();
        var pre = new NearestPreprocessor(ModelFixture.Size);
        foreach (var bin in archive.Bins)
        {
            var lines = File.ReadAllLines(csv.PathFor(_out.FullName, bin.Entry));
            Assert.Equal("pid," + string.Join(',', TinyModel.DefaultLabels), lines[0]);
            Assert.Equal(bin.Targets.Length + 1, lines.Length);
            for (var i = 0; i < bin.Targets.Length; i++)
            {
                var cells = lines[i + 1].Split(',');
                Assert.Equal($"{bin.Entry.Lid}_{bin.Targets[i]:D5}", cells[0]);
                var (w, h) = FakeArchive.SizeOf(bin.Entry.Lid, bin.Targets[i]);
                var pixels = Enumerable.Range(0, w * h).Select(p => FakeArchive.Pixel(bin.Entry.Lid, bin.Targets[i], p)).ToArray();
                var exp = TinyModel.Logits(pre.Means(pixels, w, h)).Select(Math.Exp).ToArray();
                for (var k = 0; k < 4; k++)
                {
                    Assert.Equal(exp[k] / exp.Sum(), float.Parse(cells[k + 1], CultureInfo.InvariantCulture), 1e-5);
                }
            }
        }
    }

    [Fact]
    public void Results_are_byte_identical_for_batch_sizes_1_7_64_and_for_one_two_or_four_engines()
    {
        // Given one archive classified six ways (four engines: the fan-out of --device cuda:0,1,2,3, on CPU engines)
        var archive = FakeArchive.Create(8, 40);
        var runs = new[] { (1, 1), (7, 1), (64, 1), (7, 2), (64, 2), (3, 4) };
        var outputs = new List<SortedDictionary<string, byte[]>>();
        foreach (var (batch, engines) in runs)
        {
            var dir = Path.Combine(_out.FullName, $"b{batch}e{engines}");

            // When each runs
            PipelineHarness.Run(archive, models.Whoi, dir, batch: batch, engines: engines);
            outputs.Add(PipelineHarness.Files(dir));
        }

        // Then every run wrote the same files with the same bytes
        Assert.Equal(16, outputs[0].Count);
        foreach (var other in outputs.Skip(1))
        {
            Assert.Equal(outputs[0].Keys, other.Keys);
            foreach (var (name, bytes) in outputs[0])
            {
                Assert.True(bytes.AsSpan().SequenceEqual(other[name]), $"{name} differs");
            }
        }
    }

    [Theory]
    // engines, workers, buffer bytes, budget -> buffers (2 GiB is the default budget)
    [InlineData(1, 2, 34_000_000, 2L << 30, 5)] // 2-core CPU, batch 32 @299: every worker and engine slot
    [InlineData(1, 16, 34_000_000, 2L << 30, 19)] // 16 cores, batch 32 @299: 646 MB, under the budget
    [InlineData(1, 16, 274_000_000, 2L << 30, 7)] // 16 cores, GPU batch 256 @299: capped (was 19 x 274 MB)
    [InlineData(1, 16, 154_000_000, 2L << 30, 13)] // 16 cores, GPU batch 256 @224
    [InlineData(2, 16, 1_000_000_000, 2L << 30, 5)] // two GPUs, huge batches: one running and one queued per engine
    [InlineData(1, 4, 1_000, 1, 3)] // any budget lets a batch run
    public void Input_buffers_stay_within_the_memory_budget(int engines, int workers, long bufferBytes, long budget, int expected)
    {
        Assert.Equal(expected, Ifcb.Inference.Pipeline.ClassifyPipeline.InputBufferCount(engines, workers, bufferBytes, budget));
    }

    [Fact]
    public void A_budget_smaller_than_a_batch_still_gives_the_same_results()
    {
        // Given one archive, classified with the default budget and with one that affords no buffer at all
        var archive = FakeArchive.Create(6, 30);
        var wide = Path.Combine(_out.FullName, "wide");
        var tight = Path.Combine(_out.FullName, "tight");
        PipelineHarness.Run(archive, models.Whoi, wide, batch: 4, workers: 4);

        // When the tight run goes (its workers wait for the three buffers it is allowed)
        var (result, pipeline) = PipelineHarness.Run(archive, models.Whoi, tight, batch: 4, workers: 4, inputBufferBudget: 1);

        // Then it finishes every bin with the same bytes, and every buffer came back
        Assert.Equal(3, pipeline.InputPool.Count);
        Assert.Equal(6, result.BinsClassified);
        Assert.Equal(0, pipeline.InputPool.Outstanding);
        var expected = PipelineHarness.Files(wide);
        var actual = PipelineHarness.Files(tight);
        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(actual[pair.Key]), $"{pair.Key} differs"));
    }

    [Fact]
    public void Every_pooled_buffer_comes_back()
    {
        // Given a run with small batches and several workers
        var archive = FakeArchive.Create(6, 25);

        // When it completes
        var (_, pipeline) = PipelineHarness.Run(archive, models.Whoi, _out.FullName, batch: 5, engines: 2, workers: 3, embeddings: true);

        // Then the pixel, input and output pools are all balanced
        Assert.Equal(0, pipeline.PixelPool.Outstanding);
        Assert.Equal(0, pipeline.OutputPool.Outstanding);
        Assert.Equal(0, pipeline.InputPool.Outstanding);
    }

    [Fact]
    public void Corrupt_bins_go_to_the_failures_and_the_run_goes_on()
    {
        // Given an archive where one bin cannot be opened and another fails at its 4th image
        var archive = FakeArchive.Create(6, 20);
        var bins = archive.Bins.Where(b => b.Targets.Length > 5).Take(2).ToList();
        archive.Add(bins[0] with { FailOpen = true });
        archive.Add(bins[1] with { FailAtTarget = bins[1].Targets[3] });

        // When the pipeline runs
        var (result, pipeline) = PipelineHarness.Run(archive, models.Whoi, _out.FullName, batch: 3);

        // Then both are reported with file and reason, they have no outputs, the other four are complete
        Assert.Equal(2, result.Failures.Count);
        var open = result.Failures.Single(f => f.Bin == bins[0].Entry.Lid);
        Assert.EndsWith(".adc", open.File);
        Assert.Contains("line 3", open.Reason);
        var read = result.Failures.Single(f => f.Bin == bins[1].Entry.Lid);
        Assert.Contains($"target {bins[1].Targets[3]}", read.Reason);
        Assert.Equal(4, result.BinsClassified);
        var csv = new CsvScoresFormat();
        Assert.False(File.Exists(csv.PathFor(_out.FullName, bins[0].Entry)));
        Assert.False(File.Exists(csv.PathFor(_out.FullName, bins[1].Entry)));
        Assert.Equal(0, pipeline.PixelPool.Outstanding);
        Assert.Equal(0, pipeline.InputPool.Outstanding);
    }

    [Fact]
    public void A_bin_whose_volume_cannot_be_computed_is_a_failure_not_a_crash()
    {
        // Given an archive where one bin's ADC breaks the volume calculation
        var archive = FakeArchive.Create(3, 6);
        var bad = archive.Bins.First();
        archive.Add(bad with { FailVolume = true });

        // When the pipeline runs, Then that bin is a failure naming the line and the rest are classified
        var (result, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName);
        Assert.Contains("inhibitTime", Assert.Single(result.Failures).Reason);
        Assert.Equal(2, result.BinsClassified);
    }

    [Fact]
    public void An_empty_bin_gets_a_valid_empty_output_and_is_not_redone()
    {
        // Given an archive whose third bin has no images
        var archive = FakeArchive.Create(4, 10);
        var empty = archive.Bins.Single(b => b.Targets.Length == 0);

        // When it is classified twice
        PipelineHarness.Run(archive, models.Whoi, _out.FullName);
        var (second, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName);

        // Then the empty bin has a header-only CSV and an empty Parquet file, and the second run skipped everything
        var csvPath = new CsvScoresFormat().PathFor(_out.FullName, empty.Entry);
        Assert.Equal(["pid," + string.Join(',', TinyModel.DefaultLabels)], File.ReadAllLines(csvPath));
        Assert.True(File.Exists(new ParquetScoresFormat().PathFor(_out.FullName, empty.Entry)));
        Assert.Equal(0, second.BinsClassified);
        Assert.Equal(4, second.BinsSkipped);
        Assert.Equal(0, second.Summaries.Single(s => s.Lid == empty.Entry.Lid).RoiCount);
    }

    [Fact]
    public void A_rerun_redoes_only_bins_with_partial_or_corrupt_outputs_and_clobber_redoes_all()
    {
        // Given a finished run, then one bin's CSV truncated and another's Parquet replaced by garbage
        var archive = FakeArchive.Create(5, 12);
        var (first, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName);
        var before = PipelineHarness.Files(_out.FullName);
        var victims = archive.Bins.Where(b => b.Targets.Length > 2).Take(2).ToList();
        var csvPath = new CsvScoresFormat().PathFor(_out.FullName, victims[0].Entry);
        File.WriteAllLines(csvPath, File.ReadAllLines(csvPath)[..^1]);
        File.WriteAllText(new ParquetScoresFormat().PathFor(_out.FullName, victims[1].Entry), "PAR1 not really");

        // When it runs again
        var (second, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName);

        // Then exactly those two were redone, the files are back to the original bytes, and the summaries agree
        Assert.Equal(2, second.BinsClassified);
        Assert.Equal(3, second.BinsSkipped);
        var after = PipelineHarness.Files(_out.FullName);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.Equal(first.Summaries.Select(s => (s.Lid, string.Join(',', s.WinnerCounts))), second.Summaries.Select(s => (s.Lid, string.Join(',', s.WinnerCounts))));

        // And --clobber redoes all of them
        var (third, _) = PipelineHarness.Run(archive, models.Whoi, _out.FullName, clobber: true);
        Assert.Equal(5, third.BinsClassified);
    }

    [Fact]
    public void A_fixed_batch_model_classifies_bins_whose_sizes_are_not_multiples_of_its_batch()
    {
        // Given a model with a fixed batch of 4 and bins of odd sizes, asked for batch 7 (overridden to 4)
        var archive = FakeArchive.Create(5, 11);

        // When the pipeline runs
        var (result, pipeline) = PipelineHarness.Run(archive, models.FixedBatch, _out.FullName, batch: 7, formats: [new CsvScoresFormat()]);

        // Then it used batch 4 and scored every ROI
        Assert.Equal(4, pipeline.BatchSize);
        Assert.Equal(archive.Bins.Sum(b => b.Targets.Length), result.RoisScored);
        Assert.Equal(5, result.BinsClassified);
    }

    [Fact]
    public async Task Embeddings_go_into_the_parquet_output()
    {
        // Given the model with a features output
        var archive = FakeArchive.Create(3, 6);

        // When it runs with embeddings
        PipelineHarness.Run(archive, models.Whoi, _out.FullName, embeddings: true, formats: [new ParquetScoresFormat()]);

        // Then a Parquet file has pid, the classes and feature_0..3, as its schema says
        var bin = archive.Bins.First(b => b.Targets.Length > 0);
        var path = new ParquetScoresFormat().PathFor(_out.FullName, bin.Entry);
        var schema = await Parquet.ParquetReader.ReadSchemaAsync(path);
        Assert.Equal(["pid", .. TinyModel.DefaultLabels, "feature_0", "feature_1", "feature_2", "feature_3"], schema.GetDataFields().Select(f => f.Name));
    }

    [Fact]
    public void Cancelling_stops_the_run_and_leaves_only_complete_outputs()
    {
        // Given a run that is cancelled after its second bin completes
        var archive = FakeArchive.Create(10, 30);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.BinsDone == 2)
            {
                cancel.Cancel();
            }
        });

        // When it runs
        Assert.ThrowsAny<OperationCanceledException>(() => PipelineHarness.Run(archive, models.Whoi, _out.FullName, batch: 4, ct: cancel.Token, progress: progress));

        // Then no temp file is left and every output present is complete (reads back valid)
        Assert.Empty(Directory.GetFiles(_out.FullName, "*.partial", SearchOption.AllDirectories));
        var csv = new CsvScoresFormat();
        foreach (var bin in archive.Bins)
        {
            var path = csv.PathFor(_out.FullName, bin.Entry);
            if (File.Exists(path))
            {
                Assert.NotNull(csv.ReadValid(path, new BinScores { Lid = bin.Entry.Lid, Labels = TinyModel.DefaultLabels, RoiNumbers = bin.Targets, Scores = [], ModelId = "x", RunTimestamp = default }));
            }
        }
    }
}
