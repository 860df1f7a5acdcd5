namespace Ifcb.Synthetic.Tests;

public sealed class PlanktonPainterTests
{
    private const int Samples = 60;

    [Fact]
    public void Same_seed_paints_identical_pixels_and_a_different_seed_does_not()
    {
        for (var c = 0; c < SyntheticClasses.Count; c++)
        {
            // Given a class and a seed
            // When it is painted twice with the same seed and once with another
            var a = PlanktonPainter.Paint(c, 42);
            var b = PlanktonPainter.Paint(c, 42);
            var other = PlanktonPainter.Paint(c, 43);

            // Then the first two are identical and the third differs
            Assert.Equal(a.Pixels, b.Pixels);
            Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
            Assert.False(a.Pixels.AsSpan().SequenceEqual(other.Pixels), $"{a.ClassName}: seeds 42 and 43 painted the same image");
        }
    }

    [Fact]
    public void Every_class_paints_light_background_with_ifcb_like_roi_sizes()
    {
        for (var c = 0; c < SyntheticClasses.Count; c++)
        {
            for (var i = 0; i < 20; i++)
            {
                // When a ROI is painted
                var image = PlanktonPainter.Paint(c, SynthRandom.Derive(5, c, i));

                // Then its size is camera-like and its border (mostly background) is light
                Assert.Equal(image.Width * image.Height, image.Pixels.Length);
                Assert.InRange(image.Width, 16, PlanktonPainter.MaxSide);
                Assert.InRange(image.Height, 10, PlanktonPainter.MaxSide);
                Assert.Equal(0, image.Width % 8);
                Assert.Equal(2, image.Height % 8);
                var border = Border(image);
                Assert.InRange(Median(border), 160, 245);
                Assert.Equal(c, image.ClassIndex);
            }
        }
    }

    [Fact]
    public void Objects_are_darker_than_the_background_except_in_blank_frames()
    {
        var blank = SyntheticClasses.IndexOf("blank");
        for (var c = 0; c < SyntheticClasses.Count; c++)
        {
            // Given many ROIs of a class
            var dark = 0;
            for (var i = 0; i < 40; i++)
            {
                var image = PlanktonPainter.Paint(c, SynthRandom.Derive(6, c, i));
                var background = Median(Border(image));
                if (image.Pixels.Min() < background - 45)
                {
                    dark++;
                }
            }

            // Then nearly every ROI holds a clearly dark object, and blank frames hold none
            if (c == blank)
            {
                Assert.Equal(0, dark);
            }
            else
            {
                Assert.True(dark >= 30, $"{SyntheticClasses.All[c]}: only {dark}/40 ROIs have a dark object");
            }
        }
    }

    [Fact]
    public void Roi_areas_overlap_between_classes_so_size_alone_does_not_classify()
    {
        // Given the area ranges (10th to 90th percentile) of every class
        var ranges = new (double Low, double High)[SyntheticClasses.Count];
        for (var c = 0; c < SyntheticClasses.Count; c++)
        {
            var areas = Enumerable.Range(0, Samples).Select(i => PlanktonPainter.Paint(c, SynthRandom.Derive(7, c, i))).Select(im => (double)im.Width * im.Height).Order().ToArray();
            ranges[c] = (areas[Samples / 10], areas[Samples * 9 / 10]);
        }

        // Then most class pairs have overlapping ranges, and every class overlaps at least four others
        var overlapping = 0;
        var pairs = 0;
        for (var a = 0; a < ranges.Length; a++)
        {
            var partners = 0;
            for (var b = 0; b < ranges.Length; b++)
            {
                if (a != b && ranges[a].Low <= ranges[b].High && ranges[b].Low <= ranges[a].High)
                {
                    partners++;
                }
            }

            Assert.True(partners >= 4, $"{SyntheticClasses.All[a]} overlaps only {partners} classes in area");
            overlapping += partners;
            pairs += ranges.Length - 1;
        }

        Assert.True(overlapping >= pairs * 0.6, $"only {overlapping}/{pairs} ordered class pairs overlap in area");
    }

    [Fact]
    public void Mean_brightness_alone_classifies_badly()
    {
        // Given the mean intensity of 40 training and 40 test ROIs per class
        var n = SyntheticClasses.Count;
        var centroids = new double[n];
        for (var c = 0; c < n; c++)
        {
            centroids[c] = Enumerable.Range(0, 40).Average(i => MeanIntensity(PlanktonPainter.Paint(c, SynthRandom.Derive(8, c, i))));
        }

        // When a nearest-mean classifier on that one number labels the test ROIs
        var correct = 0;
        var total = 0;
        for (var c = 0; c < n; c++)
        {
            for (var i = 0; i < 40; i++)
            {
                var mean = MeanIntensity(PlanktonPainter.Paint(c, SynthRandom.Derive(9, c, i)));
                var guess = Enumerable.Range(0, n).MinBy(k => Math.Abs(centroids[k] - mean));
                correct += guess == c ? 1 : 0;
                total++;
            }
        }

        // Then it is far from good (chance is 1/13, about 8%)
        var accuracy = (double)correct / total;
        Assert.True(accuracy < 0.3, $"nearest-mean accuracy on brightness is {accuracy:P0}");
    }

    [Fact]
    public void Class_names_are_distinct_and_cover_at_least_twelve_morphologies()
    {
        Assert.True(SyntheticClasses.Count >= 12);
        Assert.Equal(SyntheticClasses.Count, SyntheticClasses.All.Distinct().Count());
        for (var c = 0; c < SyntheticClasses.Count; c++)
        {
            Assert.Equal(c, SyntheticClasses.IndexOf(SyntheticClasses.All[c]));
        }

        Assert.Equal(-1, SyntheticClasses.IndexOf("no_such_class"));
    }

    [Fact]
    public void Unknown_class_index_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlanktonPainter.Paint(SyntheticClasses.Count, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlanktonPainter.Paint(-1, 1));
    }

    private static double MeanIntensity(SyntheticImage image) => image.Pixels.Average(p => (double)p);

    private static List<byte> Border(SyntheticImage image)
    {
        var border = new List<byte>();
        for (var x = 0; x < image.Width; x++)
        {
            border.Add(image.Pixels[x]);
            border.Add(image.Pixels[((image.Height - 1) * image.Width) + x]);
        }

        for (var y = 0; y < image.Height; y++)
        {
            border.Add(image.Pixels[y * image.Width]);
            border.Add(image.Pixels[(y * image.Width) + image.Width - 1]);
        }

        return border;
    }

    private static double Median(List<byte> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
