using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ifcb.Data;
using Ifcb.Inference.Models;
using Ifcb.Inference.Preprocessing;
using Ifcb.Testing;

namespace Ifcb.Cli.Tests;

/// <summary>
/// What classify writes, read back by readers that are not ours: Python's sqlite3 for the summary database,
/// hyparquet (pure JavaScript, from npm) for Parquet, and a real torch.onnx.export-ed torchvision model whose scores
/// PyTorch must reproduce on the same preprocessed ROIs.
/// </summary>
public sealed class InteropTests(InteropTests.ClassifiedRun run) : IClassFixture<InteropTests.ClassifiedRun>
{
    [Fact]
    public void Pythons_sqlite3_reads_the_summary_database_and_its_counts_are_the_score_files_winners()
    {
        // Given a classify run over the five fixture bins; when Python's sqlite3 reads summary.sqlite
        using var json = JsonDocument.Parse(ReferenceScripts.Run("summary_sqlite.py", Path.Combine(run.Output, "summary.sqlite")));
        var root = json.RootElement;

        // Then it holds every bin, the model's classes in order, and each bin's winners per class as the CSV scores say
        Assert.Equal(run.Labels, root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(run.Scores.Keys.Order(), root.GetProperty("bins").EnumerateObject().Select(p => p.Name).Order());
        foreach (var (lid, rows) in run.Scores)
        {
            var bin = root.GetProperty("bins").GetProperty(lid);
            Assert.Equal(rows.Count, bin[0].GetInt32());
            var ml = bin[1].ValueKind == JsonValueKind.Null ? double.NaN : bin[1].GetDouble();
            for (var c = 0; c < run.Labels.Count; c++)
            {
                var winners = rows.Count(r => Array.IndexOf(r, r.Max()) == c);
                Assert.Equal(winners, root.GetProperty("winners").GetProperty(lid).GetProperty(run.Labels[c]).GetInt32());
                var perMl = root.GetProperty("per_ml").GetProperty(lid).GetProperty(run.Labels[c]);
                if (ml > 0)
                {
                    Assert.Equal(winners / ml, perMl.GetDouble(), 9);
                }
            }
        }

        Assert.Equal(19, root.GetProperty("bins").GetProperty("D20130526T095207_IFCB013")[0].GetInt32());
        Assert.Equal(4.88507, root.GetProperty("bins").GetProperty("D20130526T095207_IFCB013")[1].GetDouble(), 5);
    }

    [Fact]
    public void Hyparquet_reads_every_parquet_file_with_the_csv_files_values()
    {
        // Given the run's Parquet files; when hyparquet (an independent JavaScript reader) reads each
        var modules = Hyparquet.Install();
        foreach (var (lid, rows) in run.Scores)
        {
            var file = Directory.GetFiles(run.Output, lid + "_class_scores.parquet", SearchOption.AllDirectories).Single();
            using var json = JsonDocument.Parse(Hyparquet.Read(modules, file));

            // Then the columns are pid (text) and one float per class, and every value is the CSV's
            var columns = json.RootElement.GetProperty("columns").EnumerateArray().ToList();
            Assert.Equal(["pid", .. run.Labels], columns.Select(c => c.GetProperty("name").GetString()!));
            Assert.Equal("BYTE_ARRAY", columns[0].GetProperty("type").GetString());
            Assert.All(columns.Skip(1), c => Assert.Equal("FLOAT", c.GetProperty("type").GetString()));
            var values = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(rows.Count, values.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(run.Pids[lid][i], values[i][0].GetString());
                for (var c = 0; c < run.Labels.Count; c++)
                {
                    Assert.Equal(rows[i][c], (float)values[i][c + 1].GetDouble());
                }
            }
        }
    }

    [Fact]
    public void A_torch_onnx_exported_torchvision_model_classifies_as_pytorch_scores_the_same_rois()
    {
        // Given resnet18 from torchvision with seeded random weights, exported by torch.onnx.export (as WHOI's models
        // arrive: an .onnx and a .classes list), at 32 px so that the test stays fast
        const int size = 32;
        string[] labels = ["Chaetoceros", "Dinophysis", "detritus", "mix"];
        var dir = Directory.CreateDirectory(Path.Combine(run.Folder, "torchvision")).FullName;
        var onnx = Path.Combine(dir, "resnet18_whoi.onnx");
        var weights = Path.Combine(dir, "resnet18.pt");
        ReferenceScripts.Run("torchvision_model.py", "export", onnx, weights, $"{size}", $"{labels.Length}");
        File.WriteAllLines(Path.ChangeExtension(onnx, ".classes"), labels);

        // When ifcb classify runs it over a v1 (stitched) and a v2 bin, and PyTorch runs on the same preprocessed ROIs
        var bins = Directory.CreateDirectory(Path.Combine(dir, "bins")).FullName;
        TestData.CopyBin(TestBins.V1Stitched, bins);
        TestData.CopyBin(TestBins.V2White, bins);
        var output = Path.Combine(dir, "out");
        var (code, _, err) = CliRunner.Run("classify", bins, "--model", onnx, "--out", output, "--format", "csv");
        Assert.True(code == 0, err);
        var preprocessor = RoiPreprocessors.For(ModelLoader.Load(onnx));
        foreach (var fixture in new[] { TestBins.V1Stitched, TestBins.V2White })
        {
            using var bin = Bin.Open(TestData.PathOf(fixture));
            var input = new float[bin.Images.Count * preprocessor.ItemLength];
            for (var i = 0; i < bin.Images.Count; i++)
            {
                var pixels = bin.ReadImage(bin.Images[i], out var w, out var h);
                preprocessor.Preprocess(pixels, w, h, input.AsSpan(i * preprocessor.ItemLength, preprocessor.ItemLength));
            }

            var inputFile = Path.Combine(dir, bin.Id.Lid + ".input");
            var scoresFile = Path.Combine(dir, bin.Id.Lid + ".torch");
            File.WriteAllBytes(inputFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
            ReferenceScripts.Run("torchvision_model.py", "score", weights, $"{size}", $"{labels.Length}", inputFile, scoresFile);
            var torch = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(scoresFile)).ToArray();

            // Then ifcb's scores are PyTorch's, ROI by ROI (ONNX Runtime and PyTorch kernels differ in the last bits)
            var csv = Directory.GetFiles(output, bin.Id.Lid + "_class_scores.csv", SearchOption.AllDirectories).Single();
            var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(bin.Images.Count, rows.Count);
            Assert.Equal(bin.Images.Count * labels.Length, torch.Length);
            var worst = 0.0;
            for (var i = 0; i < rows.Count; i++)
            {
                Assert.Equal(bin.RoiId(bin.Images[i]), rows[i][0]);
                for (var c = 0; c < labels.Length; c++)
                {
                    worst = Math.Max(worst, Math.Abs(float.Parse(rows[i][c + 1], CultureInfo.InvariantCulture) - torch[(i * labels.Length) + c]));
                }
            }

            Assert.True(worst < 1e-5, $"{bin.Id.Lid}: largest difference from PyTorch {worst}");
            // Not a degenerate model: its ROIs are not all scored alike.
            Assert.True(rows.Select(r => r[1]).Distinct().Count() > 1);
        }
    }

    [Fact]
    public void Score_reports_the_accuracy_and_counts_of_a_known_ground_truth()
    {
        // Given ground truth that agrees with the classifier's winner on all ROIs but every third, which gets another class
        var truth = Path.Combine(run.Folder, "truth.csv");
        var lines = new List<string> { "pid,class" };
        int agree = 0, total = 0;
        var trueCounts = new int[run.Labels.Count];
        var predictedCounts = new int[run.Labels.Count];
        foreach (var (lid, rows) in run.Scores)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var winner = Array.IndexOf(rows[i], rows[i].Max());
                var label = total % 3 == 2 ? (winner + 1) % run.Labels.Count : winner;
                agree += label == winner ? 1 : 0;
                trueCounts[label]++;
                predictedCounts[winner]++;
                total++;
                lines.Add($"{run.Pids[lid][i]},{run.Labels[label]}");
            }
        }

        File.WriteAllLines(truth, lines);

        // When ifcb score compares the run's class files with it
        var (code, output, err) = CliRunner.Run("score", run.Output, "--truth", truth);

        // Then it scores every ROI, prints the accuracy we know and each class's true and classified counts
        Assert.True(code == 0, err);
        Assert.Contains($"{total} ROIs in {run.Scores.Count} class files", output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"accuracy {(double)agree / total:F3}"), output);
        for (var c = 0; c < run.Labels.Count; c++)
        {
            var row = output.Split('\n').Single(l => l.Contains($" {run.Labels[c]} ", StringComparison.Ordinal));
            var numbers = row.Split(' ', '│', '|').Where(s => s.Length > 0 && char.IsDigit(s[0])).ToList();
            Assert.Equal(trueCounts[c].ToString(CultureInfo.InvariantCulture), numbers[0]);
            Assert.Equal(predictedCounts[c].ToString(CultureInfo.InvariantCulture), numbers[1]);
        }
    }

    /// <summary>One classify run over the fixture bins into h5, CSV and Parquet, shared by the tests.</summary>
    public sealed class ClassifiedRun : IDisposable
    {
        private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-interop-");

        public ClassifiedRun()
        {
            var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
            var bins = Path.Combine(_temp.FullName, "bins");
            foreach (var bin in TestBins.CompleteBins)
            {
                TestData.CopyBin(bin, bins);
            }

            Output = Path.Combine(_temp.FullName, "out");
            var (code, _, err) = CliRunner.Run("classify", bins, "--model", model, "--out", Output, "--format", "h5,csv,parquet");
            if (code != 0)
            {
                throw new InvalidOperationException($"classify failed ({code}): {err}");
            }

            foreach (var csv in Directory.GetFiles(Output, "*_class_scores.csv", SearchOption.AllDirectories))
            {
                var lines = File.ReadAllLines(csv);
                Labels = [.. lines[0].Split(',').Skip(1)];
                var lid = Path.GetFileName(csv)[..^"_class_scores.csv".Length];
                Pids[lid] = [.. lines.Skip(1).Select(l => l.Split(',')[0])];
                Scores[lid] = [.. lines.Skip(1).Select(l => l.Split(',').Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
            }
        }

        public string Folder => _temp.FullName;

        public string Output { get; }

        public IReadOnlyList<string> Labels { get; } = [];

        /// <summary>Per bin, the ROI ids in file order.</summary>
        public Dictionary<string, List<string>> Pids { get; } = [];

        /// <summary>Per bin, the CSV's score rows.</summary>
        public Dictionary<string, List<float[]>> Scores { get; } = [];

        public void Dispose() => _temp.Delete(recursive: true);
    }
}
