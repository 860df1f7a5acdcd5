using System.Diagnostics;
using System.Globalization;
using Ifcb.Training.Models;

namespace Ifcb.Training.Tests.Models;

/// <summary>
/// Runs torchvision (Debian's /usr/bin/python3) once for every registered architecture: random weights and BN
/// statistics saved as a PyTorch state dict, a fixed input, and the eval-mode logits Python computes for it.
/// </summary>
public sealed class TorchvisionReference : IDisposable
{
    /// <summary>Classes of the Python-side models.</summary>
    public const int Classes = 5;

    private const string Python = "/usr/bin/python3";

    public TorchvisionReference()
    {
        Folder = Directory.CreateTempSubdirectory("ifcb-torchvision-").FullName;
        Run("make", Folder, ModelRegistry.Architectures.Select(a => a.Name));
    }

    /// <summary>Temporary folder holding ARCH.pth, ARCH.input.bin and ARCH.logits.bin.</summary>
    public string Folder { get; }

    /// <summary>The input size used for an architecture: its minimum (fast).</summary>
    public static int InputSize(string arch) => ModelRegistry.Get(arch).MinInputSize;

    /// <summary>Runs the reference script in <paramref name="mode"/> for <paramref name="archs"/>.</summary>
    public static void Run(string mode, string folder, IEnumerable<string> archs) =>
        RunScript(mode, folder, archs.Select(arch => string.Create(CultureInfo.InvariantCulture, $"{arch}:{Classes}:{InputSize(arch)}")));

    /// <summary>Runs the reference script with raw arguments after the mode and folder.</summary>
    public static void RunScript(string mode, string folder, IEnumerable<string> arguments)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Models", "torchvision_reference.py");
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(mode);
        info.ArgumentList.Add(folder);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"torchvision reference ({mode}) failed: {stderr.Result}");
        }
    }

    /// <summary>Reads a raw little-endian float32 file.</summary>
    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }

    /// <summary>Writes a raw little-endian float32 file.</summary>
    public static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
