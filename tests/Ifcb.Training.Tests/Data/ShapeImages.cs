using Ifcb.Data.Png;

namespace Ifcb.Training.Tests.Data;

/// <summary>Draws small labelled ROI-like images of clearly different shapes into class folders.</summary>
internal static class ShapeImages
{
    public static readonly string[] Classes = ["bar", "disc", "ring"];

    /// <summary>Writes <paramref name="perClass"/> PNGs per class under <paramref name="root"/>; names look like IFCB ROIs.</summary>
    public static void Write(string root, int perClass, int seed, string[]? classes = null)
    {
        var random = new Random(seed);
        foreach (var label in classes ?? Classes)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, label)).FullName;
            for (var i = 0; i < perClass; i++)
            {
                var w = random.Next(36, 64);
                var h = random.Next(36, 64);
                var pixels = Draw(label, w, h, random);
                // Five ROIs per "bin", bins on different days, so group splits have something to group.
                var bin = $"D2024{(i / 5 % 12) + 1:D2}{(i / 5 % 28) + 1:D2}T{i / 5:D2}0000_IFCB{100 + Array.IndexOf(Classes, label)}";
                File.WriteAllBytes(Path.Combine(dir, $"{bin}_{i + 1:D5}.png"), GrayPng.Encode(pixels, w, h));
            }
        }
    }

    private static byte[] Draw(string label, int w, int h, Random random)
    {
        var pixels = new byte[w * h];
        var cx = (w / 2.0) + random.Next(-3, 4);
        var cy = (h / 2.0) + random.Next(-3, 4);
        var r = Math.Min(w, h) * (0.28 + (random.NextDouble() * 0.12));
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var dx = x - cx;
                var dy = y - cy;
                var d = Math.Sqrt((dx * dx) + (dy * dy));
                var inside = label switch
                {
                    "disc" => d < r,
                    "ring" => d < r && d > r * 0.6,
                    _ => Math.Abs(dy) < r * 0.3 && Math.Abs(dx) < r * 1.3,
                };
                pixels[(y * w) + x] = (byte)((inside ? 60 : 200) + random.Next(-12, 13));
            }
        }

        return pixels;
    }
}
