using System.Diagnostics;
using System.Globalization;

namespace Ifcb.Synthetic.Tests;

/// <summary>Reads synthetic bins with numpy the way WHOI's tools do, independently of this code base.</summary>
[Trait("Category", "Reference")]
public sealed class ReferenceReaderTests
{
    // WHOI's read_bin (ifcb-inference style): ADC columns 15, 16, 17 are width, height, start byte;
    // 0x0 lines are skipped; the target number is the 1-based ADC line.
    private const string Script = """
        import sys, numpy as np
        base = sys.argv[1]
        rows = [l.strip().split(",") for l in open(base + ".adc") if l.strip()]
        with open(base + ".roi", "rb") as f:
            for i, r in enumerate(rows, 1):
                w, h, s = int(float(r[15])), int(float(r[16])), int(float(r[17]))
                if w == 0 or h == 0: continue
                f.seek(s); a = np.frombuffer(f.read(w * h), dtype=np.uint8).reshape(h, w)
                print(i, a.shape[1], a.shape[0], int(a.astype(np.int64).sum()), int(a[0, 0]), int(a[-1, -1]))
        """;

    [Fact]
    public void Numpy_reader_sees_the_generated_images()
    {
        // Given a bin written to disk and the same bin generated in memory
        using var dir = new TempDirectory();
        var options = new SyntheticArchiveOptions { Bins = 1, RoisPerBin = 120, Seed = 21 };
        var result = SyntheticArchiveWriter.Write(dir.Path, options);
        var bin = SyntheticBinFactory.Create(options, 0);
        var scriptPath = Path.Combine(dir.Path, "read_bin.py");
        File.WriteAllText(scriptPath, Script);

        // When /usr/bin/python3 reads it with numpy
        var output = RunPython(scriptPath, Path.ChangeExtension(result.HeaderPaths[0], null));

        // Then it finds every image ROI, at the same target, with the same size and pixels
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(bin.Rois.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var roi = bin.Rois[i];
            var px = roi.Image.Pixels;
            Assert.Equal(roi.Target, f[0]);
            Assert.Equal((roi.Image.Width, roi.Image.Height), ((int)f[1], (int)f[2]));
            Assert.Equal(px.Sum(p => (long)p), f[3]);
            Assert.Equal(px[0], f[4]);
            Assert.Equal(px[^1], f[5]);
        }
    }

    private static string RunPython(string script, string argument)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python failed: {stderr}");
        return stdout.Result;
    }
}
