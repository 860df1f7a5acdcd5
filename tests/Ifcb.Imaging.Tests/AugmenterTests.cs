namespace Ifcb.Imaging.Tests;

public sealed class AugmenterTests
{
    private static readonly AugmentOptions All = new()
    {
        FlipX = true,
        FlipY = true,
        Rotate90 = true,
        Scale = 0.1,
        Shift = 0.05,
        Brightness = 0.1,
        Contrast = 0.1,
    };

    [Fact]
    public void Same_seed_gives_the_same_image_and_other_seeds_differ()
    {
        var image = ImageLoader.Load(Fixtures.FirstPng);

        var a = Augmenter.Apply(image, All, new Random(7));
        var b = Augmenter.Apply(image, All, new Random(7));
        var others = Enumerable.Range(100, 5).Select(s => Augmenter.Apply(image, All, new Random(s))).ToList();

        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Contains(others, o => o.Width != a.Width || !o.Pixels.AsSpan().SequenceEqual(a.Pixels));
    }

    [Fact]
    public void No_options_returns_the_image_untouched()
    {
        var image = new GrayImage([1, 2, 3, 4], 2, 2);

        Assert.Same(image, Augmenter.Apply(image, AugmentOptions.None, new Random(1)));
    }

    [Fact]
    public void Flips_mirror_the_right_axis()
    {
        // 3x2: row 0 = 1 2 3, row 1 = 4 5 6
        var image = new GrayImage([1, 2, 3, 4, 5, 6], 3, 2);

        Assert.Equal([4, 5, 6, 1, 2, 3], Augmenter.FlipVertical(image).Pixels);
        Assert.Equal([3, 2, 1, 6, 5, 4], Augmenter.FlipHorizontal(image).Pixels);
    }

    [Fact]
    public void Quarter_turn_is_counter_clockwise_and_four_turns_are_the_identity()
    {
        var image = new GrayImage([1, 2, 3, 4, 5, 6], 3, 2);

        var once = Augmenter.Rotate(image, 1);
        var full = Augmenter.Rotate(Augmenter.Rotate(Augmenter.Rotate(once, 1), 1), 1);

        // Counter-clockwise: the right column (3, 6) becomes the top row.
        Assert.Equal((2, 3), (once.Width, once.Height));
        Assert.Equal([3, 6, 2, 5, 1, 4], once.Pixels);
        Assert.Equal(image.Pixels, full.Pixels);
        Assert.Equal([6, 5, 4, 3, 2, 1], Augmenter.Rotate(image, 2).Pixels);
        Assert.Equal(Augmenter.Rotate(Augmenter.Rotate(once, 1), 1).Pixels, Augmenter.Rotate(image, 3).Pixels);
    }

    [Fact]
    public void Intensity_scales_about_the_pivot_and_clips()
    {
        var image = new GrayImage([0, 100, 200, 250], 2, 2);

        var result = Augmenter.Intensity(image, 2.0, 10, 100);

        Assert.Equal([0, 110, 255, 255], result.Pixels);
    }

    [Fact]
    public void Zoom_one_and_no_shift_is_the_identity()
    {
        var image = new GrayImage([1, 2, 3, 4, 5, 6], 3, 2);

        Assert.Equal(image.Pixels, Augmenter.Affine(image, 1, 0, 0, 0).Pixels);
        Assert.Equal([9, 1, 2, 9, 4, 5], Augmenter.Affine(image, 1, 1, 0, 9).Pixels);
    }

    [Theory]
    [InlineData("x", true, false, false)]
    [InlineData("y", false, true, false)]
    [InlineData("xy", true, true, false)]
    [InlineData("xy+V", true, true, true)]
    [InlineData("X+v", true, false, true)]
    [InlineData("none", false, false, false)]
    public void Flip_values_follow_WHOI(string value, bool x, bool y, bool validation)
    {
        var options = AugmentOptions.None.WithFlip(value);

        Assert.Equal((x, y, validation), (options.FlipX, options.FlipY, options.AugmentValidation));
    }

    [Fact]
    public void Unknown_flip_value_is_rejected_by_name()
    {
        var e = Assert.Throws<FormatException>(() => AugmentOptions.None.WithFlip("z"));

        Assert.Contains("'z'", e.Message);
    }
}
