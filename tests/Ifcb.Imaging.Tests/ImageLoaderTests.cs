using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Ifcb.Imaging.Tests;

public sealed class ImageLoaderTests
{
    [Fact]
    public void Reads_every_fixture_png_as_gray()
    {
        foreach (var path in Fixtures.AllPngs)
        {
            var image = ImageLoader.Load(path);
            Assert.Equal(image.Width * image.Height, image.Pixels.Length);
        }
    }

    [Theory]
    [InlineData(".BMP")]
    [InlineData(".jpg")]
    [InlineData(".Tif")]
    [InlineData(".png")]
    public void Reads_other_formats_and_colour_images_as_gray(string extension)
    {
        // Given a colour image of a uniform mid-gray written in another format
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "roi" + extension);
            using (var image = new Image<Rgb24>(5, 3, new Rgb24(120, 120, 120)))
            {
                image.Save(path);
            }

            // When
            var gray = ImageLoader.Load(path);

            // Then
            Assert.True(ImageLoader.IsImageFile(path));
            Assert.Equal((5, 3), (gray.Width, gray.Height));
            Assert.All(gray.Pixels, p => Assert.InRange(p, 118, 122));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_corrupt_file_is_an_error_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "broken.png");
            File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

            var e = Assert.Throws<InvalidDataException>(() => ImageLoader.Load(path));

            Assert.Contains("broken.png", e.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
