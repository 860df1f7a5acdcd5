using System.Diagnostics;

namespace Ifcb.Imaging.Tests;

public sealed class BilinearResamplerTests
{
    [Fact]
    public void Shrinking_a_row_by_two_uses_the_widened_triangle_filter()
    {
        // Given a 4x1 row; Pillow's bilinear at scale 2 has support 2, so output 0 (centre 1.0) weighs
        // inputs 0,1,2 by 0.75,0.75,0.25 / 1.75.
        byte[] row = [0, 100, 200, 40];
        var output = new byte[2];

        // When
        BilinearResampler.Resize(row, 4, 1, output, 2, 2, 1);

        // Then: (0*3 + 100*3 + 200*1) / 7 = 71.43 -> 71; output 1 (centre 3.0) weighs inputs 1,2,3 by .25,.75,.75
        // -> (100*1 + 200*3 + 40*3) / 7 = 117.1 -> 117.
        Assert.Equal([71, 117], output);
    }

    [Fact]
    public void Same_size_is_the_identity()
    {
        var pixels = Enumerable.Range(0, 35).Select(i => (byte)(i * 7)).ToArray();
        var output = new byte[35];

        BilinearResampler.Resize(pixels, 7, 5, output, 7, 7, 5);

        Assert.Equal(pixels, output);
    }

    [Fact]
    public void Output_lands_inside_a_larger_canvas_at_the_given_stride()
    {
        byte[] pixels = [9, 9, 9, 9];
        var canvas = new byte[12];

        BilinearResampler.Resize(pixels, 2, 2, canvas, 4, 2, 2);

        Assert.Equal([9, 9, 0, 0, 9, 9, 0, 0, 0, 0, 0, 0], canvas);
    }

    [Trait("Category", "Reference")]
    [Theory]
    [InlineData(299, 299)]
    [InlineData(64, 40)]
    [InlineData(517, 311)]
    public void Matches_Pillow_bilinear_resize_on_a_real_ROI_bit_for_bit(int outWidth, int outHeight)
    {
        // Given a real IFCB ROI and Pillow (the resize torchvision's Resize applies in WHOI's recipe)
        var path = Fixtures.FirstPng;
        var image = ImageLoader.Load(path);
        var expected = PillowResize(path, outWidth, outHeight);

        // When
        var actual = new byte[outWidth * outHeight];
        BilinearResampler.Resize(image.Pixels, image.Width, image.Height, actual, outWidth, outWidth, outHeight);

        // Then
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"first difference at {expected.AsSpan().CommonPrefixLength(actual)}");
    }

    private static byte[] PillowResize(string path, int w, int h)
    {
        var script = $"import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('L'); sys.stdout.buffer.write(im.resize(({w}, {h}), Image.BILINEAR).tobytes())";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(path);
        using var process = Process.Start(psi)!;
        using var ms = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(ms);
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, err);
        return ms.ToArray();
    }
}
