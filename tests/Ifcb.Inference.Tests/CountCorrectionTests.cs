using System.Globalization;
using Ifcb.Formats.Labels;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Summary;
using Ifcb.Inference.Tests.Support;
using Ifcb.Models;
using Ifcb.Quantification;
using Microsoft.Data.Sqlite;

namespace Ifcb.Inference.Tests;

public sealed class CountCorrectionTests(ModelFixture models) : IClassFixture<ModelFixture>, IDisposable
{
    private static readonly DateTimeOffset T1 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("ifcb-correct-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task A_model_without_estimates_falls_back_to_raw_counts_with_a_note_unless_a_method_is_asked_for()
    {
        var archive = FakeArchive.Create(3, 12);

        var result = await Run(archive, "default", models.Whoi, null);
        await Assert.ThrowsAsync<ArgumentException>(() => Run(archive, "explicit", models.Whoi, "acc"));

        Assert.Contains(result.Notes!, n => n.Contains("counts not corrected", StringComparison.Ordinal));
        var rows = File.ReadAllLines(Path.Combine(_out.FullName, "default", "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("none", r[11]));
        Assert.All(rows, r => Assert.Equal(22, r.Length));
    }

    [Fact]
    public async Task Pcc_counts_are_the_sums_of_the_written_probabilities()
    {
        var archive = FakeArchive.Create(2, 15);

        await Run(archive, "pcc", models.Whoi, "pcc", format: "csv");

        var summary = SummaryStore.ReadRun(Path.Combine(_out.FullName, "pcc"));
        var row = summary.Rows.First(r => r.RoiCount > 0);
        var scores = Directory.GetFiles(Path.Combine(_out.FullName, "pcc"), row.Bin + "_class_scores.csv", SearchOption.AllDirectories).Single();
        var lines = File.ReadAllLines(scores);
        var header = lines[0].Split(',');
        foreach (var label in summary.Labels)
        {
            var column = Array.IndexOf(header, label);
            var sum = lines.Skip(1).Sum(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture));
            Assert.Equal(sum, row.Corrected[label].Count, 2);
            Assert.True(row.Corrected[label].Low <= row.Corrected[label].Count && row.Corrected[label].Count <= row.Corrected[label].High);
        }
    }

    [Fact]
    public async Task Acc_with_a_perfect_confusion_leaves_the_winners_and_fills_the_sqlite_columns()
    {
        // A card whose validation data were all classified right: ACC must give back the winner counts.
        var archive = FakeArchive.Create(3, 20);
        var model = ModelWithEstimates(new QuantificationEstimates
        {
            Source = "test",
            Support = [50, 50, 50, 50],
            Confusion = [[50, 0, 0, 0], [0, 50, 0, 0], [0, 0, 50, 0], [0, 0, 0, 50]],
            MeanProbability = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
            ProbabilityVariance = [0, 0, 0, 0],
        });

        var result = await Run(archive, "acc", model, "acc");
        var byDefault = await Run(archive, "default", model, null);

        Assert.Contains(result.Notes!, n => n.StartsWith("counts corrected with acc", StringComparison.Ordinal));
        Assert.Contains(byDefault.Notes!, n => n.StartsWith("counts corrected with pacc", StringComparison.Ordinal));
        Assert.Equal(CorrectionSetup.DefaultMethod, byDefault.Pipeline.Summaries[0].Corrected!.Method);
        foreach (var bin in result.Pipeline.Summaries)
        {
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(bin.WinnerCounts[c], bin.Corrected!.Classes[c].Count, 6);
            }
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(_out.FullName, "acc", "summary.sqlite")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM counts WHERE correction_method = 'acc' AND abs(corrected_count - winner_count) < 1e-3 AND corrected_per_l = corrected_per_ml * 1000";
        Assert.Equal(result.Pipeline.Summaries.Count * 4L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Em_per_window_estimates_one_prior_per_window_and_matches_per_bin_em_for_one_bin_windows()
    {
        // Four bins 7 h apart from 11:30 UTC: two 1-day windows of two bins; 1-minute windows hold one bin each.
        var archive = FakeArchive.Create(4, 20);
        var model = ModelWithEstimates(new QuantificationEstimates
        {
            Source = "test",
            Support = [50, 50, 50, 50],
            Confusion = [[40, 5, 5, 0], [5, 40, 0, 5], [0, 5, 40, 5], [5, 0, 5, 40]],
            MeanProbability = [[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.1, 0.1, 0.7, 0.1], [0.1, 0.1, 0.1, 0.7]],
            ProbabilityVariance = [0.2, 0.2, 0.2, 0.2],
        });

        var daily = await Run(archive, "em-1d", model, "em", window: TimeSpan.FromDays(1));
        var single = await Run(archive, "em-1m", model, "em", window: TimeSpan.FromMinutes(1));
        var perBin = await Run(archive, "em", model, "em");

        Assert.Contains(daily.Notes!, n => n.StartsWith("em prior estimated over 2 window(s)", StringComparison.Ordinal));
        Assert.Contains(daily.Notes!, n => n.StartsWith("counts corrected with em per 1.00:00:00 window", StringComparison.Ordinal));
        Assert.All(daily.Pipeline.Summaries, s =>
        {
            Assert.Equal(QuantificationMethod.Em, s.Corrected!.Method);
            Assert.Equal(s.RoiCount, s.Corrected.Classes.Sum(c => c.Count), 3);
            Assert.All(s.Corrected.Classes, c => Assert.True(c.Low <= c.Count && c.Count <= c.High));
        });
        foreach (var bin in perBin.Pipeline.Summaries)
        {
            var alone = single.Pipeline.Summaries.Single(s => s.Lid == bin.Lid);
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(bin.Corrected!.Classes[c].Count, alone.Corrected!.Classes[c].Count, 0.05);
            }
        }

        var rows = File.ReadAllLines(Path.Combine(_out.FullName, "em-1d", "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("em", r[11]));
    }

    [Fact]
    public async Task The_validated_method_corrects_with_the_sample_of_the_run()
    {
        // Every ROI of the run validated as its predicted class: the shares are the identity, so corrected = winners.
        var archive = FakeArchive.Create(3, 20);
        await Run(archive, "first", models.Whoi, "cc", format: "csv");
        var truth = new List<string> { "pid,class" };
        foreach (var file in Directory.GetFiles(Path.Combine(_out.FullName, "first"), "*_class_scores.csv", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            var header = lines[0].Split(',');
            foreach (var line in lines.Skip(1))
            {
                var cells = line.Split(',');
                var scores = cells.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
                truth.Add($"{cells[0]},{header[1 + scores.IndexOf(scores.Max())]}");
            }
        }

        var validated = Path.Combine(_out.FullName, "validated.csv");
        File.WriteAllLines(validated, truth);

        var result = await Run(archive, "validated", models.Whoi, "validated", validated: validated);

        Assert.Contains(result.Notes!, n => n.Contains($"{truth.Count - 1} ROIs of this run matched", StringComparison.Ordinal));
        Assert.All(result.Pipeline.Summaries, s => Assert.Equal(s.WinnerCounts.Select(w => (double)w), s.Corrected!.Classes.Select(c => c.Count)));
    }

    [Fact]
    public void Old_summaries_without_correction_columns_still_read()
    {
        var file = Path.Combine(_out.FullName, "summary.csv");
        File.WriteAllText(file, SummaryStore.RawHeader + "\nD20240101T000000_IFCB101,2024-01-01T00:00:00Z,IFCB1,3,1.5,a,,2,1.33,2,1.33\n");

        var table = SummaryStore.ReadRun(file);

        Assert.Equal(2, table.Rows[0].Winners["a"]);
        Assert.False(table.HasCorrections);
    }

    [Fact]
    public void Count_error_compares_prevalences_per_bin_and_checks_interval_coverage()
    {
        var file = Path.Combine(_out.FullName, "summary.csv");
        File.WriteAllText(file, SummaryStore.Header + "\n"
            + "D20240101T000000_IFCB101,2024-01-01T00:00:00Z,IFCB1,4,1,a,,3,3,3,3,acc,2,1,3,,,,,,,\n"
            + "D20240101T000000_IFCB101,2024-01-01T00:00:00Z,IFCB1,4,1,b,,1,1,1,1,acc,2,1.5,2.5,,,,,,,\n");
        var truth = new[] { 1, 2, 3, 4 }.Select(t => new RoiLabel(Ifcb.Data.Ids.BinId.Parse("D20240101T000000_IFCB101"), t, t <= 2 ? "a" : "b", "test")).ToList();

        var error = CountError.Compute(SummaryStore.ReadRun(file), truth);

        // Truth 0.5/0.5; raw 0.75/0.25 -> AE 0.25; corrected 0.5/0.5 -> 0.
        Assert.Equal(0.25, error.RawMae, 12);
        Assert.Equal(0, error.CorrectedMae, 12);
        Assert.Equal(1.0, error.Coverage);
        Assert.Contains("mean,4,4,acc,0.25,", error.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Time_series_windows_sum_counts_volumes_and_interval_bounds()
    {
        var file = Path.Combine(_out.FullName, "summary.csv");
        File.WriteAllText(file, SummaryStore.Header + "\n"
            + "D20240101T010000_IFCB1,2024-01-01T01:00:00Z,IFCB1,4,2,a,,3,1.5,3,1.5,acc,2,1,3,,,,,,,\n"
            + "D20240101T050000_IFCB1,2024-01-01T05:00:00Z,IFCB1,4,3,a,,1,0.33,1,0.33,acc,2.5,1.5,4,,,,,,,\n"
            + "D20240102T050000_IFCB1,2024-01-02T05:00:00Z,IFCB1,4,1,a,,1,1,1,1,acc,1,0,2,,,,,,,\n");

        var csv = SummaryStore.ReadRun(file).ToTimeSeriesCsv(["a"], aboveThreshold: false, TimeSpan.FromDays(1)).Split('\n');

        Assert.Equal("window_start,bins,ml_analyzed,a_count,a_per_ml,a_corrected,a_corrected_low,a_corrected_high,a_corrected_per_l,a_corrected_low_per_l,a_corrected_high_per_l", csv[0]);
        Assert.Equal("2024-01-01T00:00:00Z,2,5,4,0.8,4.5,2.5,7,900,500,1400", csv[1]);
        Assert.StartsWith("2024-01-02T00:00:00Z,1,1,1,1,1,0,2,", csv[2], StringComparison.Ordinal);
    }

    private string ModelWithEstimates(QuantificationEstimates estimates)
    {
        var card = ModelCardJson.Serialize(new ModelCard
        {
            ModelId = "tiny-q",
            Architecture = "tiny",
            InputSize = ModelFixture.Size,
            InputChannels = 3,
            Preprocessing = new PreprocessingSpec { ResizeMode = "stretch", Mean = [0f], Std = [1f] },
            ClassLabels = TinyModel.DefaultLabels,
            Quantification = estimates,
        });
        var folder = Directory.CreateDirectory(Path.Combine(_out.FullName, "model-q"));
        return TinyModel.Write(folder.FullName, "model", ModelFixture.Size, cardJson: card, writeClasses: false);
    }

    private Task<ClassifyRunResult> Run(FakeArchive archive, string name, string model, string? correct, string format = "h5", string? validated = null, TimeSpan? window = null)
    {
        var run = new ClassifyRun(archive, m => new NearestPreprocessor(m.InputSize), ScoresFormats.Create, new FixedClock(T1));
        var request = new ClassifyRequest
        {
            Inputs = ["archive"],
            ModelPath = model,
            OutputRoot = Path.Combine(_out.FullName, name),
            Formats = [format],
            BatchSize = 6,
            PreprocessWorkers = 2,
            Correction = correct,
            ValidatedPath = validated,
            CorrectionBootstrap = 50,
            CorrectionWindow = window,
        };
        return run.RunAsync(request, null, CancellationToken.None);
    }
}
