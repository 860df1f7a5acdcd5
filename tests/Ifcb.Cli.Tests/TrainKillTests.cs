using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Ifcb.Data.Png;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Ifcb.Cli.Tests;

/// <summary>
/// The built <c>ifcb train</c>, killed with SIGKILL mid-epoch and mid-checkpoint several times on a seeded schedule
/// and resumed with <c>--resume</c> each time, ends with exactly the weights of an uninterrupted run.
/// </summary>
public sealed class TrainKillTests : IDisposable
{
    private const int Seed = 20261204;
    private const int Epochs = 2;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-trainkill-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Kill_9_mid_epoch_and_mid_checkpoint_then_resume_gives_the_uninterrupted_weights()
    {
        // Given a small image set (two classes, 16 images, batches of 2: several batches per epoch)
        var data = Path.Combine(_temp.FullName, "data");
        for (var c = 0; c < 2; c++)
        {
            var classDir = Directory.CreateDirectory(Path.Combine(data, c == 0 ? "dark" : "light")).FullName;
            for (var i = 0; i < 8; i++)
            {
                var pixels = Enumerable.Range(0, 36 * 36).Select(p => (byte)((c == 0 ? 50 : 190) + ((p * (i + 2)) % 29))).ToArray();
                File.WriteAllBytes(Path.Combine(classDir, $"D20240101T00000{i}_IFCB1_0000{c + 1}.png"), GrayPng.Encode(pixels, 36, 36));
            }
        }

        string[] Args(string run) => ["train", data, "--model", "resnet18", "--out", run, "--input-size", "32", "--epochs-max", $"{Epochs}",
            "--epochs-min", $"{Epochs}", "--batch", "2", "--workers", "1", "--seed", "3"];

        // When one run goes through uninterrupted
        var reference = Path.Combine(_temp.FullName, "reference");
        Assert.Equal(Outcome.Finished, (await Train(Args(reference), _ => false, () => false)).Outcome);

        // And another is killed three times (mid-epoch at a seeded batch, or as soon as an epoch's checkpoint folder
        // appears and before state.json commits it), each time resumed, then left to finish
        var run = Path.Combine(_temp.FullName, "killed");
        var random = new Random(Seed);
        var schedule = new List<string>();
        var args = Args(run);
        for (var k = 0; k < 3; k++)
        {
            var committed = CommittedEpoch(run);
            var midCheckpoint = k % 2 == 1;
            // The last kill lets epoch 1 commit first, so that one resume starts from a real checkpoint.
            var epoch = Math.Min(committed + (k == 2 ? 2 : 1), Epochs);
            var batch = random.Next(1, 5);
            var what = midCheckpoint ? $"checkpoint of epoch {epoch}" : $"epoch {epoch} batch {batch}";
            var result = await Train(args,
                line => !midCheckpoint && line.StartsWith($"epoch {epoch} batch {batch}/", StringComparison.Ordinal),
                () => midCheckpoint && Directory.Exists(Path.Combine(run, "checkpoint", $"epoch-{epoch:D4}")) && CommittedEpoch(run) < epoch);
            schedule.Add($"{what}: {result.Outcome}");
            Assert.True(result.Outcome == Outcome.Killed, $"seed {Seed}, kill {k} ({what}) did not happen: {result.Outcome}\n{result.Output}");
            args = ["train", "--resume", run];
        }

        var last = await Train(args, _ => false, () => false);
        Assert.True(last.Outcome == Outcome.Finished, $"seed {Seed}, schedule [{string.Join("; ", schedule)}]: the final resume {last.Outcome}\n{last.Output}");

        // Then the last checkpoint's weights (byte for byte), the exported model's outputs (exactly) and the per-epoch
        // results are the uninterrupted run's (model.pt itself carries run-specific metadata, so it is not compared)
        var kills = $"seed {Seed}, schedule [{string.Join("; ", schedule)}]";
        Assert.True(Hash(CheckpointModel(reference)) == Hash(CheckpointModel(run)), $"{kills}: the last checkpoint's weights differ");
        Assert.Equal(Losses(reference), Losses(run));
        Assert.Equal(Epochs, Losses(run).Count);
        var random2 = new Random(Seed);
        var input = new DenseTensor<float>(Enumerable.Range(0, 2 * 3 * 32 * 32).Select(_ => (float)random2.NextDouble()).ToArray(), [2, 3, 32, 32]);
        Assert.Equal(Logits(Path.Combine(reference, "model.onnx"), input), Logits(Path.Combine(run, "model.onnx"), input));
    }

    private enum Outcome
    {
        Finished,
        Killed,
        Failed,
    }

    private static int CommittedEpoch(string run)
    {
        var state = Path.Combine(run, "checkpoint", "state.json");
        if (!File.Exists(state))
        {
            return 0;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(state));
        return json.RootElement.EnumerateObject().First(p => p.Name.Equals("epoch", StringComparison.OrdinalIgnoreCase)).Value.GetInt32();
    }

    private static string CheckpointModel(string run)
        => Path.Combine(run, "checkpoint", $"epoch-{CommittedEpoch(run):D4}", "model.dat");

    private static float[] Logits(string path, DenseTensor<float> input)
    {
        using var session = new InferenceSession(path);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        return [.. results[0].AsTensor<float>()];
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    // epochs.csv without its timing column: epoch, losses, metrics, learning rate.
    private static List<string> Losses(string run)
        => [.. File.ReadAllLines(Path.Combine(run, "epochs.csv")).Skip(1).Select(l => string.Join(',', l.Split(',')[..^1]))];

    private static async Task<(Outcome Outcome, string Output)> Train(string[] args, Func<string, bool> killAtLine, Func<bool> killNow)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ifcb.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var output = new System.Text.StringBuilder();
        var lineSaysKill = false;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                lineSaysKill |= killAtLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            bool kill;
            lock (output)
            {
                kill = lineSaysKill;
            }

            if (kill || killNow())
            {
                // SIGKILL: no handler, no flush, no finally block runs.
                process.Kill();
                await process.WaitForExitAsync();
                return (Outcome.Killed, output.ToString());
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                process.Kill();
                return (Outcome.Failed, "timed out\n" + output);
            }

            await Task.Delay(1);
        }

        await process.WaitForExitAsync();
        return (process.ExitCode == 0 ? Outcome.Finished : Outcome.Failed, output.ToString());
    }
}
