using System.Text.RegularExpressions;
using Ifcb.Data.Png;

namespace Ifcb.Synthetic.Tests;

public sealed partial class SyntheticImageSetTests
{
    [Fact]
    public void Writes_class_per_folder_pngs_with_roi_like_names()
    {
        // Given an image set of 3 per class
        using var dir = new TempDirectory();
        var result = SyntheticImageSetWriter.Write(dir.Path, 3, seed: 5);

        // Then each class folder holds 3 decodable 8-bit gray PNGs named like ROI ids
        Assert.Equal(3 * SyntheticClasses.Count, result.Images);
        var names = new HashSet<string>();
        foreach (var name in SyntheticClasses.All)
        {
            var files = Directory.GetFiles(Path.Combine(dir.Path, name));
            Assert.Equal(3, files.Length);
            foreach (var file in files)
            {
                Assert.Matches(RoiName(), Path.GetFileName(file));
                Assert.True(names.Add(Path.GetFileName(file)), $"{file}: name used twice");
                var pixels = GrayPng.Decode(File.ReadAllBytes(file), out var w, out var h);
                Assert.Equal(w * h, pixels.Length);
                Assert.Equal(0, w % 8);
            }
        }

        Assert.Equal(SyntheticClasses.Count, Directory.GetDirectories(dir.Path).Length);
    }

    [Fact]
    public void Same_seed_gives_identical_files_and_another_seed_does_not()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        SyntheticImageSetWriter.Write(a.Path, 2, seed: 9, maxDegreeOfParallelism: 1);
        SyntheticImageSetWriter.Write(b.Path, 2, seed: 9, maxDegreeOfParallelism: 3);
        SyntheticImageSetWriter.Write(c.Path, 2, seed: 10);
        var same = 0;
        foreach (var file in Directory.GetFiles(a.Path, "*.png", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(a.Path, file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(b.Path, relative)));
            same += File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c.Path, relative))) ? 1 : 0;
        }

        Assert.Equal(0, same);
    }

    [GeneratedRegex(@"^D\d{8}T\d{6}_IFCB999_\d{5}\.png$")]
    private static partial Regex RoiName();
}
