using System.Collections;
using Ifcb.Data;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Loads PyTorch/torchvision state dicts (.pt/.pth pickles or .safetensors) into registry models.</summary>
public static class PretrainedWeights
{
    /// <summary>
    /// Copies the weights in <paramref name="path"/> into <paramref name="model"/>. Key names are torchvision's.
    /// Head weights whose shape does not fit are skipped and reported; any other missing, unexpected or misshapen
    /// entry is an error naming the keys. For a one-channel model the first convolution is summed over RGB.
    /// </summary>
    /// <exception cref="IfcbDataException">The file cannot be read or does not fit the model.</exception>
    public static LoadReport Load(ClassifierModule model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "weights file not found");
        }

        using var scope = NewDisposeScope();
        var source = Read(path);
        var target = model.state_dict();

        var loaded = new List<string>();
        var skipped = new List<string>();
        var summed = new List<string>();
        var missing = new List<string>();
        var misshapen = new List<string>();
        var plan = new List<(Tensor Destination, Tensor Value)>();

        foreach (var (key, destination) in target)
        {
            if (!source.TryGetValue(key, out var value))
            {
                // Checkpoints written before PyTorch 0.4.1 lack the BN step counter; PyTorch tolerates that too.
                if (!key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                {
                    missing.Add(key);
                }

                continue;
            }

            if (value.shape.SequenceEqual(destination.shape))
            {
                plan.Add((destination, value));
                loaded.Add(key);
            }
            else if (IsRgbToGray(value, destination))
            {
                // Summing over RGB gives a gray image the response the RGB filter gives to (g, g, g).
                plan.Add((destination, value.sum(1, keepdim: true)));
                loaded.Add(key);
                summed.Add(key);
            }
            else if (model.HeadPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                skipped.Add(key);
            }
            else
            {
                misshapen.Add($"{key} (file {Shape(value)}, model {Shape(destination)})");
            }
        }

        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"missing keys: {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
        }

        if (misshapen.Count > 0)
        {
            problems.Add($"shape mismatch: {string.Join(", ", misshapen)}");
        }

        if (problems.Count > 0)
        {
            throw new IfcbDataException(path, $"not a {model.Architecture.Name} state dict: {string.Join("; ", problems)}");
        }

        using (no_grad())
        {
            foreach (var (destination, value) in plan)
            {
                destination.copy_(value.to(destination.dtype));
            }
        }

        return new LoadReport(path, loaded, skipped, summed);
    }

    private static bool IsRgbToGray(Tensor value, Tensor destination) =>
        value.ndim == 4 && destination.ndim == 4 && value.shape[1] == 3 && destination.shape[1] == 1
        && value.shape[0] == destination.shape[0] && value.shape[2] == destination.shape[2] && value.shape[3] == destination.shape[3];

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static Dictionary<string, Tensor> Read(string path)
    {
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            {
                return Safetensors.LoadStateDict(path);
            }

            var table = PyTorchUnpickler.UnpickleStateDict(path);
            return Flatten(path, Unwrap(table));
        }
        catch (IfcbDataException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new IfcbDataException(path, $"cannot read a PyTorch state dict ({e.Message})", inner: e);
        }
    }

    /// <summary>Training checkpoints often nest the weights under "state_dict" or "model".</summary>
    private static Hashtable Unwrap(Hashtable table)
    {
        foreach (var key in new[] { "state_dict", "model", "model_state_dict" })
        {
            if (table[key] is Hashtable inner)
            {
                return inner;
            }
        }

        return table;
    }

    private static Dictionary<string, Tensor> Flatten(string path, Hashtable table)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            var key = entry.Key as string ?? throw new IfcbDataException(path, "state dict has a non-string key");
            if (entry.Value is not Tensor tensor)
            {
                throw new IfcbDataException(path, $"state dict entry '{key}' is not a tensor");
            }

            // nn.DataParallel saves "module."-prefixed names.
            result[key.StartsWith("module.", StringComparison.Ordinal) ? key["module.".Length..] : key] = tensor;
        }

        return result;
    }
}
