using System.Globalization;
using Ifcb.Data.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>
/// The per-epoch checkpoint of a run: the model and optimiser of each epoch go to their own folder
/// (<c>checkpoint/epoch-0007/</c>), and <c>checkpoint/state.json</c>, written atomically last, names the epoch
/// that is complete. A kill at any moment therefore leaves the previous complete checkpoint in force: a
/// half-written epoch folder is ignored and overwritten when the epoch is redone.
/// </summary>
public static class Checkpoint
{
    /// <summary>The folder holding epoch <paramref name="epoch"/>'s model and optimiser.</summary>
    public static string EpochFolder(string checkpointDir, int epoch) =>
        Path.Combine(checkpointDir, "epoch-" + epoch.ToString("D4", CultureInfo.InvariantCulture));

    /// <summary>The model file of the checkpoint that <c>state.json</c> names, in a run folder.</summary>
    public static string ModelFile(string runFolder)
    {
        var dir = Path.Combine(runFolder, RunFolder.Checkpoint);
        var state = TrainingState.Read(Path.Combine(dir, RunFolder.CheckpointState));
        return Path.Combine(EpochFolder(dir, state.Epoch), RunFolder.CheckpointModel);
    }

    /// <summary>Saves epoch <paramref name="state"/>.Epoch, then commits it by writing the state, then drops older epochs.</summary>
    public static void Save(string checkpointDir, nn.Module model, OptimizerHelper optimizer, TrainingState state)
    {
        var folder = EpochFolder(checkpointDir, state.Epoch);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // a leftover of a save that was killed
        }

        Directory.CreateDirectory(folder);
        model.save(Path.Combine(folder, RunFolder.CheckpointModel));
        optimizer.save_state_dict(Path.Combine(folder, RunFolder.CheckpointOptimizer));
        FlushToDisk(Path.Combine(folder, RunFolder.CheckpointModel));
        FlushToDisk(Path.Combine(folder, RunFolder.CheckpointOptimizer));
        state.Write(Path.Combine(checkpointDir, RunFolder.CheckpointState));

        foreach (var old in Directory.EnumerateDirectories(checkpointDir, "epoch-*"))
        {
            if (!string.Equals(Path.GetFullPath(old), Path.GetFullPath(folder), StringComparison.Ordinal))
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }

    /// <summary>Loads the model and optimiser of the committed epoch (<paramref name="state"/>.Epoch &gt; 0).</summary>
    public static void Load(string checkpointDir, nn.Module model, OptimizerHelper optimizer, TrainingState state)
    {
        var folder = EpochFolder(checkpointDir, state.Epoch);
        if (!Directory.Exists(folder) && File.Exists(Path.Combine(checkpointDir, RunFolder.CheckpointModel)))
        {
            folder = checkpointDir; // a run folder written before per-epoch folders
        }

        var modelFile = Path.Combine(folder, RunFolder.CheckpointModel);
        if (!File.Exists(modelFile))
        {
            throw new InvalidDataException($"{Path.Combine(checkpointDir, RunFolder.CheckpointState)} names epoch {state.Epoch}, but {modelFile} is missing");
        }

        model.load(modelFile);
        optimizer.load_state_dict(Path.Combine(folder, RunFolder.CheckpointOptimizer));
    }

    /// <summary>
    /// Keeps only the header and the rows of epochs up to <paramref name="epoch"/> in <c>epochs.csv</c>: rows a killed
    /// run appended after its last checkpoint are redone by the resumed run.
    /// </summary>
    public static void TrimEpochs(string epochsCsv, int epoch)
    {
        if (!File.Exists(epochsCsv))
        {
            AtomicFile.WriteAllText(epochsCsv, EpochResult.CsvHeader + "\n");
            return;
        }

        var lines = File.ReadAllLines(epochsCsv);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l =>
            int.TryParse(l.AsSpan(0, Math.Max(0, l.IndexOf(',', StringComparison.Ordinal))), NumberStyles.None, CultureInfo.InvariantCulture, out var e) && e <= epoch));
        AtomicFile.WriteAllText(epochsCsv, string.Concat(kept.Select(l => l + "\n")));
    }

    private static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }
}
