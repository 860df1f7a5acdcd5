using Ifcb.Models;

namespace Ifcb.Imaging.Tests;

public sealed class PreprocessorTests
{
    [Fact]
    public void Normalises_with_per_channel_mean_and_std_after_scaling_to_unit_range()
    {
        // Given a constant image at 51 (= 0.2 after /255)
        var image = new GrayImage(Enumerable.Repeat((byte)51, 6).ToArray(), 3, 2);
        var options = new PreprocessOptions { InputSize = 8, Channels = 3, Mean = [0.5f, 0.2f, 0f], Std = [0.25f, 1f, 0.5f] };
        var buffer = new float[options.TensorLength];

        // When
        Preprocessor.Preprocess(image, options, buffer);

        // Then each channel plane holds (0.2 - mean) / std
        Assert.All(buffer.AsSpan(0, 64).ToArray(), v => Assert.Equal(-1.2f, v, 5));
        Assert.All(buffer.AsSpan(64, 64).ToArray(), v => Assert.Equal(0f, v, 5));
        Assert.All(buffer.AsSpan(128, 64).ToArray(), v => Assert.Equal(0.4f, v, 5));
    }

    [Fact]
    public void One_channel_writes_a_single_plane()
    {
        var image = new GrayImage([255, 255, 255, 255], 2, 2);
        var options = new PreprocessOptions { InputSize = 8, Channels = 1 };
        var buffer = new float[options.TensorLength + 1];
        buffer[^1] = 42;

        Preprocessor.Preprocess(image, options, buffer);

        Assert.Equal(64, options.TensorLength);
        Assert.All(buffer.AsSpan(0, 64).ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal(42, buffer[^1]);
    }

    [Fact]
    public void Pad_keeps_the_aspect_and_fills_with_the_border_median()
    {
        // Given a 4x2 ROI whose border is mostly 10
        byte[] pixels = [10, 10, 10, 10, 10, 200, 200, 10];
        var square = new byte[16];

        // When padded to a 4x4 square
        Preprocessor.ResizeToSquare(pixels, 4, 2, ResizeMode.Pad, 4, square);

        // Then rows 1-2 hold the ROI unchanged and rows 0 and 3 the background level
        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 200, 200, 10, 10, 10, 10, 10], square);
    }

    [Fact]
    public void Pad_centres_a_tall_image_horizontally()
    {
        // Given a 1x4 column of 50 with background 50 everywhere but a bright centre
        byte[] pixels = [50, 250, 250, 50];
        var square = new byte[16];

        Preprocessor.ResizeToSquare(pixels, 1, 4, ResizeMode.Pad, 4, square);

        // Then column 1 (x0 = (4 - 1) / 2) carries the image; the rest is the border median 50
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var expected = x == 1 ? pixels[y] : 50;
                Assert.Equal(expected, square[(y * 4) + x]);
            }
        }
    }

    [Fact]
    public void Stretch_ignores_the_aspect_ratio()
    {
        byte[] pixels = [10, 10, 10, 10, 10, 10, 10, 10];
        var square = new byte[16];

        Preprocessor.ResizeToSquare(pixels, 4, 2, ResizeMode.Stretch, 4, square);

        Assert.All(square, v => Assert.Equal(10, v));
    }

    [Fact]
    public void Background_level_is_the_lower_median_of_the_border()
    {
        // Border of a 3x3: 1,2,3 / 4,_,6 / 7,8,9 -> sorted 1..9 minus 5: lower median of 8 values is 4.
        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8, 9];

        Assert.Equal(4, Preprocessor.BackgroundLevel(pixels, 3, 3));
    }

    [Fact]
    public void Options_from_a_model_card_give_the_same_tensor_as_the_options_it_was_written_from()
    {
        // Given the options a training run used and the card it writes
        var trainOptions = new PreprocessOptions { InputSize = 64, Resize = ResizeMode.Pad, Channels = 3, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };
        var card = new ModelCard { Architecture = "resnet18", InputSize = 64, InputChannels = 3, Preprocessing = trainOptions.ToSpec(), ClassLabels = ["a", "b"] };
        var json = ModelCardJson.Serialize(card);
        var inferOptions = ModelCardJson.Deserialize(json, "card").ToPreprocessOptions();
        var image = ImageLoader.Load(Fixtures.FirstPng);

        // When both preprocess the same ROI
        var a = new float[trainOptions.TensorLength];
        var b = new float[inferOptions.TensorLength];
        Preprocessor.Preprocess(image, trainOptions, a);
        Preprocessor.Preprocess(image, inferOptions, b);

        // Then the buffers are identical
        Assert.Equal(trainOptions, inferOptions with { Mean = trainOptions.Mean, Std = trainOptions.Std });
        Assert.Equal(a, b);
    }

    [Fact]
    public void Too_small_destination_is_rejected()
    {
        var image = new GrayImage([1, 2, 3, 4], 2, 2);
        var options = new PreprocessOptions { InputSize = 8 };

        Assert.Throws<ArgumentException>(() => Preprocessor.Preprocess(image, options, new float[10]));
    }

    [Theory]
    [InlineData(4, 3)]
    [InlineData(32, 2)]
    public void Invalid_options_name_the_setting(int size, int channels)
    {
        var options = new PreprocessOptions { InputSize = size, Channels = channels };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(size < 8 ? "input size" : "channels", e.Message);
    }
}
