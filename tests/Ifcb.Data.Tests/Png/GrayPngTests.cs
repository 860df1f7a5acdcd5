using Ifcb.Data.Png;

namespace Ifcb.Data.Tests.Png;

public sealed class GrayPngTests
{
    [Fact]
    public void Encode_then_decode_returns_the_same_pixels()
    {
        // Given a gradient image with an odd width (rows are not word-aligned)
        const int width = 37, height = 11;
        var pixels = Enumerable.Range(0, width * height).Select(i => (byte)(i * 7 % 256)).ToArray();

        // When it goes through the codec
        var png = GrayPng.Encode(pixels, width, height);
        var back = GrayPng.Decode(png, out var w, out var h);

        // Then size and every pixel survive
        Assert.True(GrayPng.IsPng(png));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(pixels, back);
    }

    [Fact]
    public void Decodes_real_ifcb_training_png()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "data", "ifcb", "ifcb-pytorch-classify", "training_data", "Mesodinium_major");
        var file = Directory.GetFiles(dir, "*.png").Order(StringComparer.Ordinal).First();
        var pixels = GrayPng.Decode(File.ReadAllBytes(file), out var w, out var h);
        Assert.True(w > 0 && h > 0);
        Assert.Equal(w * h, pixels.Length);
        Assert.InRange(pixels.Average(p => p), 50, 250);
    }

    [Fact]
    public void Rejects_non_png()
    {
        Assert.Throws<InvalidDataException>(() => GrayPng.Decode("hello world, not a png"u8, out _, out _));
    }
}
