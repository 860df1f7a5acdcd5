using System.Globalization;
using Ifcb.Datasets;
using Ifcb.Imaging;
using Ifcb.Models;
using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using Ifcb.Training.Tests.Data;
using TorchSharp.PyBridge;

namespace Ifcb.Training.Tests.Loop;

public sealed class TrainerTests
{
    private static TrainOptions Small(string data, string output) => new()
    {
        Data = [data],
        Model = "resnet18",
        Out = output,
        InputSize = 32,
        EpochsMax = 3,
        EpochsMin = 3,
        Batch = 16,
        Seed = 11,
        Workers = 2,
    };

    /// <summary>Long enough to learn <see cref="ShapeImages"/> (20 per class): 10 epochs of batch 8, flips.</summary>
    private static TrainOptions Learning(string data, string output) => Small(data, output) with
    {
        EpochsMax = 10,
        EpochsMin = 10,
        Batch = 8,
        Augment = AugmentOptions.None.WithFlip("xy"),
    };

    [Fact]
    public void Epochs_csv_macro_F1_is_the_evaluation_report_s_when_a_class_has_no_validation_image()
    {
        // Given three shape classes and a fourth with a single image (kept by --class-min 1, so it is in training
        // only: the split puts a lone image on the training side)
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 10, 3);
        Directory.CreateDirectory(dir.Combine("data", "lonely"));
        File.Copy(Directory.GetFiles(dir.Combine("data", "bar"))[0], dir.Combine("data", "lonely", "D20240101T230000_IFCB199_00001.png"));
        var options = Small(dir.Combine("data"), dir.Combine("run")) with { EpochsMax = 1, EpochsMin = 1, ClassMin = 1 };

        // When one epoch is trained
        using var trainer = new Trainer(options, new RecordingObserver());
        Assert.True(trainer.Run(resume: false, CancellationToken.None));

        // Then the epoch's f1_macro (what --early-stop f1 and the card use) is the evaluation report's macro F1 of the
        // same validation predictions
        var predictions = Ifcb.Evaluation.IO.ValidationPredictionsCsv.Read(dir.Combine("run", RunFolder.ValidationPredictions));
        Assert.DoesNotContain(Array.IndexOf([.. predictions.ClassLabels], "lonely"), predictions.TrueClasses);
        var report = Ifcb.Evaluation.Metrics.ClassificationMetrics.Compute(predictions);
        var row = File.ReadAllLines(dir.Combine("run", RunFolder.Epochs))[1].Split(',');
        Assert.Equal(report.F1Macro, double.Parse(row[4], CultureInfo.InvariantCulture), 12);
        Assert.Equal(report.F1Weighted, double.Parse(row[5], CultureInfo.InvariantCulture), 12);
        Assert.Equal(report.F1Macro, trainer.Best!.F1Macro, 12);
    }

    [Fact]
    public void A_small_model_learns_clearly_different_shapes()
    {
        // Given three classes of drawn shapes
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 20, 1);
        var options = Learning(dir.Combine("data"), dir.Combine("run"));
        var observer = new RecordingObserver();

        // When
        using var trainer = new Trainer(options, observer);
        var finished = trainer.Run(resume: false, CancellationToken.None);

        // Then the kept epoch classifies the validation set and the run folder is complete
        Assert.True(finished);
        Assert.NotNull(trainer.Best);
        Assert.True(trainer.Best.Accuracy >= 0.9, $"best accuracy {trainer.Best.Accuracy}");
        foreach (var file in new[] { RunFolder.Args, RunFolder.Log, RunFolder.Epochs, RunFolder.Weights, ModelCardJson.FileName, RunFolder.ValidationPredictions, Split.TrainingListFile, Split.ValidationListFile })
        {
            Assert.True(File.Exists(dir.Combine("run", file)), file);
        }

        var card = ModelCardJson.Read(dir.Combine("run"));
        Assert.Equal(ShapeImages.Classes, card.ClassLabels);
        Assert.Equal(("resnet18", 32, 3), (card.Architecture, card.InputSize, card.InputChannels));
        Assert.Equal(trainer.Best.Epoch, card.Training!.BestEpoch);
        Assert.Equal(11, card.Training.Seed);
        Assert.Equal(64, card.Training.DatasetFingerprint!.Length);

        var epochs = File.ReadAllLines(dir.Combine("run", RunFolder.Epochs));
        Assert.Equal(EpochResult.CsvHeader, epochs[0]);
        Assert.Equal(observer.Epochs.Count + 1, epochs.Length);

        var predictions = File.ReadAllLines(dir.Combine("run", RunFolder.ValidationPredictions));
        Assert.Equal("image,true_class,predicted_class,bar,disc,ring", predictions[0]);
        var validation = File.ReadAllLines(dir.Combine("run", Split.ValidationListFile));
        Assert.Equal(validation.Length, predictions.Length - 1);
        var correct = 0;
        foreach (var row in predictions.Skip(1))
        {
            var cells = row.Split(',');
            var p = cells[3..].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, p.Sum(), 4);
            Assert.Equal(card.ClassLabels[Array.IndexOf(p, p.Max())], cells[2]);
            correct += cells[1] == cells[2] ? 1 : 0;
        }

        Assert.Equal(trainer.Best.Accuracy, (double)correct / validation.Length, 6);
    }

    [Fact]
    public void Resuming_after_a_stop_gives_the_same_weights_as_an_uninterrupted_run()
    {
        // Given one run straight through 3 epochs and one stopped after epoch 1, then resumed
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 8, 2);
        var augment = new AugmentOptions { FlipX = true, FlipY = true, Rotate90 = true, Brightness = 0.1 };
        var straight = Small(dir.Combine("data"), dir.Combine("a")) with { Augment = augment };
        var interrupted = straight with { Out = dir.Combine("b") };

        using (var t = new Trainer(straight, new RecordingObserver()))
        {
            Assert.True(t.Run(false, CancellationToken.None));
        }

        using (var t = new Trainer(interrupted, new RecordingObserver()) { StopAfterEpoch = 1 })
        {
            Assert.False(t.Run(false, CancellationToken.None));
        }

        // And a kill during epoch 2's save left a half-written epoch folder and an epochs.csv row past the checkpoint
        var half = Checkpoint.EpochFolder(dir.Combine("b", RunFolder.Checkpoint), 2);
        Directory.CreateDirectory(half);
        File.WriteAllBytes(Path.Combine(half, RunFolder.CheckpointModel), [1, 2, 3]);
        File.AppendAllText(dir.Combine("b", RunFolder.Epochs), "2,9,9,0,0,0,0.001,1.00\n");

        // When
        var resumed = Trainer.ReadRunOptions(dir.Combine("b")) with { Out = dir.Combine("b") };
        using (var t = new Trainer(resumed, new RecordingObserver()))
        {
            Assert.True(t.Run(true, CancellationToken.None));
        }

        // Then the final checkpoints are byte-identical and so is the epoch history (timings aside)
        var a = File.ReadAllBytes(Checkpoint.ModelFile(dir.Combine("a")));
        var b = File.ReadAllBytes(Checkpoint.ModelFile(dir.Combine("b")));
        Assert.EndsWith(Path.Combine("epoch-0003", RunFolder.CheckpointModel), Checkpoint.ModelFile(dir.Combine("b")), StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(dir.Combine("b", RunFolder.Checkpoint)));
        Assert.True(a.AsSpan().SequenceEqual(b), "weights differ");
        static string[] WithoutSeconds(string path) => [.. File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')])];
        Assert.Equal(WithoutSeconds(dir.Combine("a", RunFolder.Epochs)), WithoutSeconds(dir.Combine("b", RunFolder.Epochs)));
        AssertSameWeights(dir.Combine("a", RunFolder.Weights), dir.Combine("b", RunFolder.Weights));
    }

    [Fact]
    public void A_run_folder_with_the_checkpoint_files_at_the_top_still_resumes()
    {
        // Given a run stopped after epoch 1 whose checkpoint is laid out as before per-epoch folders
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 6, 6);
        var options = Small(dir.Combine("data"), dir.Combine("run")) with { EpochsMax = 2, EpochsMin = 2 };
        using (var t = new Trainer(options, new RecordingObserver()) { StopAfterEpoch = 1 })
        {
            Assert.False(t.Run(false, CancellationToken.None));
        }

        var checkpoint = dir.Combine("run", RunFolder.Checkpoint);
        var epoch1 = Checkpoint.EpochFolder(checkpoint, 1);
        foreach (var file in Directory.GetFiles(epoch1))
        {
            File.Move(file, Path.Combine(checkpoint, Path.GetFileName(file)));
        }

        Directory.Delete(epoch1);

        // When it is resumed
        using (var t = new Trainer(options, new RecordingObserver()))
        {
            Assert.True(t.Run(true, CancellationToken.None));
        }

        // Then it finishes epoch 2 from the old files
        Assert.Equal(2, TrainingState.Read(Path.Combine(checkpoint, RunFolder.CheckpointState)).Epoch);
        Assert.True(File.Exists(Path.Combine(Checkpoint.EpochFolder(checkpoint, 2), RunFolder.CheckpointModel)));
        Assert.Equal(["1", "2"], File.ReadAllLines(dir.Combine("run", RunFolder.Epochs)).Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_bf16_run_learns_the_shapes_and_its_model_loads_and_exports_as_float()
    {
        // Given the shapes of the learning test above, trained in bfloat16 (weights and activations)
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 20, 1);
        var options = Learning(dir.Combine("data"), dir.Combine("run")) with { Bf16 = true };

        // When it trains
        var observer = new RecordingObserver();
        using (var t = new Trainer(options, observer))
        {
            Assert.True(t.Run(false, CancellationToken.None));

            // Then it learns them as the float32 run does (pure bf16, no float32 master weights)
            Assert.True(t.Best!.Accuracy >= 0.9, $"bf16 best accuracy {t.Best.Accuracy}");
        }

        // Then the log warns exactly when this CPU would emulate bf16
        var warned = observer.Lines.Any(l => l.Contains("bf16 is emulated", StringComparison.Ordinal));
        Assert.Equal(CpuFeatures.HasNativeBf16() == false, warned);

        // And every epoch has finite losses, and the kept model loads as a float model and exports to ONNX
        foreach (var row in File.ReadAllLines(dir.Combine("run", RunFolder.Epochs)).Skip(1))
        {
            var cells = row.Split(',');
            Assert.True(double.IsFinite(double.Parse(cells[1], CultureInfo.InvariantCulture)), row);
            Assert.True(double.IsFinite(double.Parse(cells[2], CultureInfo.InvariantCulture)), row);
        }

        var (_, module) = Ifcb.Training.Export.TrainedModel.Load(dir.Combine("run"));
        using (module)
        {
            Assert.All(module.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));
            using var logits = module.forward(TorchSharp.torch.rand(2, 3, 32, 32));
            Assert.True(logits.isfinite().all().item<bool>());
        }

        Ifcb.Training.Export.TrainedModel.ExportOnnx(dir.Combine("run"), dir.Combine("model.onnx"));
        Assert.True(new FileInfo(dir.Combine("model.onnx")).Length > 100_000);
    }

    [Fact]
    public void No_tensors_leak_across_epochs()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 6, 3);
        var observer = new RecordingObserver();

        using var trainer = new Trainer(Small(dir.Combine("data"), dir.Combine("run")) with { ClassWeights = ClassWeighting.Sqrt, LabelSmoothing = 0.1 }, observer);
        trainer.Run(false, CancellationToken.None);

        // Epoch 1 creates the optimiser state; after that every step must free what it made.
        Assert.Equal(3, observer.LiveTensorsAtEpochEnd.Count);
        Assert.Equal(observer.LiveTensorsAtEpochEnd[1], observer.LiveTensorsAtEpochEnd[2]);
        Assert.True(observer.Batches >= 3);
    }

    [Fact]
    public void Cancellation_keeps_the_last_checkpoint_and_returns_cleanly()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 6, 4);
        using var cts = new CancellationTokenSource();
        var observer = new CancellingObserver(cts, afterEpoch: 1);

        using var trainer = new Trainer(Small(dir.Combine("data"), dir.Combine("run")), observer);
        var finished = trainer.Run(false, cts.Token);

        Assert.False(finished);
        var state = TrainingState.Read(dir.Combine("run", RunFolder.Checkpoint, RunFolder.CheckpointState));
        Assert.Equal(1, state.Epoch);
        Assert.False(state.Finished);
        Assert.Contains(File.ReadAllLines(dir.Combine("run", RunFolder.Log)), l => l.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_images_are_skipped_and_counted()
    {
        using var dir = new TempDir();
        ShapeImages.Write(dir.Combine("data"), 6, 5);
        File.WriteAllText(dir.Combine("data", "disc", "D20240101T000000_IFCB1_09999.png"), "not an image");
        var observer = new RecordingObserver();

        using var trainer = new Trainer(Small(dir.Combine("data"), dir.Combine("run")) with { EpochsMax = 1, EpochsMin = 1 }, observer);

        Assert.True(trainer.Run(false, CancellationToken.None));
        Assert.Contains(observer.Lines, l => l == "unreadable images skipped: 1");
    }

    private static void AssertSameWeights(string a, string b)
    {
        // The exported PyTorch pickles are compared tensor by tensor (the pickle bytes name storages arbitrarily).
        using var ma = ModelRegistry.Create("resnet18", 3);
        using var mb = ModelRegistry.Create("resnet18", 3);
        ma.load_py(a);
        mb.load_py(b);
        var sb = mb.state_dict();
        foreach (var (key, value) in ma.state_dict())
        {
            Assert.True(value.allclose(sb[key], rtol: 0, atol: 0), key);
        }
    }

    private sealed class CancellingObserver(CancellationTokenSource cts, int afterEpoch) : ITrainingObserver
    {
        public void Log(string message)
        {
        }

        public void EpochStarted(int epoch, int epochsMax, int batches)
        {
        }

        public void BatchDone(int epoch, int batch, int batches, double loss, double imagesPerSecond)
        {
            if (epoch > afterEpoch)
            {
                cts.Cancel();
            }
        }

        public void EpochDone(EpochResult result, bool best)
        {
        }
    }
}
