using System.Globalization;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Pipeline;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Ifcb.Inference.Summary;
using Ifcb.Inference.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ifcb.Inference.Tests;

[Trait("Category", "Reference")]
public sealed class ClassifyRunTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private static readonly DateTimeOffset T1 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ifcb-run-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task A_run_killed_midway_and_resumed_ends_with_the_files_of_an_uninterrupted_run()
    {
        // Given an uninterrupted run, and a second run cancelled after 3 bins then resumed an hour later
        var archive = FakeArchive.Create(12, 25);
        var whole = Path.Combine(_out.FullName, "whole");
        var resumed = Path.Combine(_out.FullName, "resumed");
        await Run(archive, whole, T1);
        using var cancel = new CancellationTokenSource();
        var killer = new SynchronousProgress(p =>
        {
            if (p.BinsDone == 3)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(archive, resumed, T1, progress: killer, ct: cancel.Token));
        var partial = PipelineHarness.Files(resumed).Keys.Count(k => k.EndsWith("_class.h5", StringComparison.Ordinal));

        // When the run is resumed later
        var result = await Run(archive, resumed, T1.AddHours(1));

        // Then it kept the first start time, redid only the missing bins, and every file equals the uninterrupted run's
        Assert.InRange(partial, 3, 11);
        Assert.Equal(T1, result.Manifest.Started);
        Assert.Equal(12 - partial, result.Pipeline.BinsClassified);
        PipelineHarness.AssertSameOutputs(PipelineHarness.Files(whole), PipelineHarness.Files(resumed));
    }

    [Fact]
    public async Task The_union_of_three_shards_equals_a_single_run_byte_for_byte()
    {
        // Given one single run and three shard runs into another folder
        var archive = FakeArchive.Create(15, 10);
        var single = Path.Combine(_out.FullName, "single");
        var sharded = Path.Combine(_out.FullName, "sharded");
        await Run(archive, single, T1);
        var perShard = new List<int>();
        for (var k = 0; k < 3; k++)
        {
            // When each shard runs (later starts: the shared manifest keeps the first one's time)
            var r = await Run(archive, sharded, T1.AddMinutes(k), shard: new ShardSpec(k, 3));
            perShard.Add(r.BinsInShard);
        }

        // Then the shards partition the bins and their per-bin files equal the single run's
        Assert.Equal(15, perShard.Sum());
        Assert.All(perShard, n => Assert.InRange(n, 1, 13));
        var a = PipelineHarness.Files(single).Where(kv => kv.Key.StartsWith('D')).ToDictionary();
        var b = PipelineHarness.Files(sharded).Where(kv => kv.Key.StartsWith('D')).ToDictionary();
        PipelineHarness.AssertSameOutputs(a, b);

        // And the merged shard summaries equal the single summary
        Assert.True(File.Exists(Path.Combine(sharded, "summary-1-of-3.csv")));
        Assert.Equal(SummaryStore.ReadRun(single).ToWideCsv(false, true), SummaryStore.ReadRun(sharded).ToWideCsv(false, true));
    }

    [Fact]
    public async Task The_summary_counts_winners_and_threshold_passes_and_concentration_is_count_per_ml()
    {
        // Given the card model (thresholds 0.9/0.5/0.6/0.7) over an archive with known volumes
        var archive = FakeArchive.Create(6, 40);

        // When it runs
        await Run(archive, _out.FullName, T1, model: models.RunFolder);

        // Then for every bin and class the summary equals counts recomputed from the CSV scores
        var thresholds = new[] { 0.9f, 0.5f, 0.6f, 0.7f };
        var rows = File.ReadAllLines(Path.Combine(_out.FullName, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(6 * 4, rows.Count);
        var csv = new CsvScoresFormat();
        foreach (var bin in archive.Bins)
        {
            var lines = File.ReadAllLines(csv.PathFor(_out.FullName, bin.Entry)).Skip(1).Select(l => l.Split(',').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            for (var c = 0; c < 4; c++)
            {
                var winners = lines.Count(s => Array.IndexOf(s, s.Max()) == c);
                var above = lines.Count(s => Array.IndexOf(s, s.Max()) == c && s[c] >= thresholds[c]);
                var row = rows.Single(r => r[0] == bin.Entry.Lid && r[5] == TinyModel.DefaultLabels[c]);
                Assert.Equal(winners, int.Parse(row[7], CultureInfo.InvariantCulture));
                Assert.Equal(winners / bin.MlAnalyzed, double.Parse(row[8], CultureInfo.InvariantCulture), 12);
                Assert.Equal(above, int.Parse(row[9], CultureInfo.InvariantCulture));
                Assert.Equal(bin.MlAnalyzed, double.Parse(row[4], CultureInfo.InvariantCulture));
            }
        }

        // And the SQLite database holds the same numbers
        using var db = new SqliteConnection($"Data Source={Path.Combine(_out.FullName, "summary.sqlite")};Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT SUM(winner_count), COUNT(*) FROM counts";
        using var reader = query.ExecuteReader();
        reader.Read();
        Assert.Equal(archive.Bins.Sum(b => b.Targets.Length), reader.GetInt64(0));
        Assert.Equal(24, reader.GetInt64(1));
    }

    [Fact]
    public async Task Failed_bins_are_listed_in_failures_csv_with_file_and_reason()
    {
        // Given an archive with one unreadable bin
        var archive = FakeArchive.Create(4, 8);
        var bad = archive.Bins.First(b => b.Targets.Length > 0);
        archive.Add(bad with { FailOpen = true });

        // When it runs
        var result = await Run(archive, _out.FullName, T1);

        // Then failures.csv names it, the file and the reason; the others are classified
        var lines = File.ReadAllLines(Path.Combine(_out.FullName, "failures.csv"));
        Assert.Equal("bin,file,reason", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{bad.Entry.Lid},{bad.Entry.Lid}.adc,", lines[1]);
        Assert.Contains("line 3", lines[1]);
        Assert.Equal(3, result.Pipeline.BinsClassified);
    }

    [Fact]
    public async Task A_different_model_in_the_same_output_folder_is_refused_without_clobber()
    {
        // Given a folder classified with one model
        var archive = FakeArchive.Create(2, 5);
        await Run(archive, _out.FullName, T1);

        // When another model is run into it, Then it is refused, naming --clobber
        var error = await Assert.ThrowsAsync<Ifcb.Data.IfcbDataException>(() => Run(archive, _out.FullName, T1, model: models.RunFolder));
        Assert.Contains("--clobber", error.Message);
    }

    [Fact]
    public void Unknown_formats_are_refused()
    {
        // Given the format registry, Then h5, csv and parquet exist and anything else is null
        Assert.All(ScoresFormats.Names, n => Assert.Equal(n, ScoresFormats.Create(n)!.Name));
        Assert.Null(ScoresFormats.Create("xlsx"));
    }

    private Task<ClassifyRunResult> Run(FakeArchive archive, string outDir, DateTimeOffset now, string? model = null, ShardSpec? shard = null, IProgress<ClassifyProgress>? progress = null, CancellationToken ct = default)
    {
        var run = new ClassifyRun(archive, m => new NearestPreprocessor(m.InputSize), ScoresFormats.Create, new FixedClock(now));
        var request = new ClassifyRequest
        {
            Inputs = ["archive"],
            ModelPath = model ?? models.Whoi,
            OutputRoot = outDir,
            Formats = ["h5", "csv", "parquet"],
            BatchSize = 6,
            Shard = shard ?? ShardSpec.All,
            PreprocessWorkers = 2,
        };
        return run.RunAsync(request, progress, ct);
    }
}
