using Ifcb.Data;

namespace Ifcb.Models.Tests;

public sealed class ModelCardTests
{
    private static ModelCard Valid() => new()
    {
        ModelId = "run1",
        Architecture = "inception_v3",
        InputSize = 299,
        InputChannels = 3,
        Preprocessing = new PreprocessingSpec { ResizeMode = "pad", Mean = [0.5f], Std = [0.25f] },
        ClassLabels = ["Ditylum", "Skeletonema"],
        Training = new TrainingProvenance
        {
            GitCommit = "abc",
            Arguments = ["train", "x"],
            DatasetFingerprint = "f00",
            Seed = 3,
            BestEpoch = 7,
            BestMetrics = new Dictionary<string, double> { ["val_loss"] = 0.25 },
            Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        },
    };

    [Fact]
    public void Round_trips_through_a_file()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, ModelCardJson.FileName);
            var card = Valid();

            ModelCardJson.Write(path, card);
            var back = ModelCardJson.Read(dir.FullName);

            Assert.Equal(ModelCardJson.Serialize(card), ModelCardJson.Serialize(back));
            Assert.Equal(card.ClassLabels, back.ClassLabels);
            Assert.Equal(0.25, back.Training!.BestMetrics["val_loss"]);
            Assert.Equal(1.0, back.Temperature);
            Assert.Null(back.Thresholds);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Json_uses_snake_case_names()
    {
        var json = ModelCardJson.Serialize(Valid());

        Assert.Contains("\"format_version\": 1", json);
        Assert.Contains("\"class_labels\"", json);
        Assert.Contains("\"resize_mode\": \"pad\"", json);
        Assert.Contains("\"dataset_fingerprint\"", json);
    }

    [Theory]
    [InlineData("\"architecture\": \"inception_v3\"", "\"architecture\": \"\"", "architecture")]
    [InlineData("\"Skeletonema\"", "\"Ditylum\"", "twice")]
    [InlineData("\"resize_mode\": \"pad\"", "\"resize_mode\": \"crop\"", "resize_mode")]
    [InlineData("\"format_version\": 1", "\"format_version\": 9", "format_version")]
    [InlineData("\"input_channels\": 3", "\"input_channels\": 2", "input_channels")]
    [InlineData("\"temperature\": 1", "\"temperature\": 0", "temperature")]
    [InlineData("\"thresholds\": null", "\"thresholds\": [0.5]", "thresholds")]
    public void Invalid_cards_are_rejected_with_the_reason_and_file(string from, string to, string reason)
    {
        var json = ModelCardJson.Serialize(Valid());
        Assert.Contains(from, json);

        var e = Assert.Throws<IfcbDataException>(() => ModelCardJson.Deserialize(json.Replace(from, to, StringComparison.Ordinal), "m/model.json"));

        Assert.Contains(reason, e.Message);
        Assert.Contains("m/model.json", e.Message);
    }

    [Fact]
    public void Malformed_json_is_rejected_with_the_file()
    {
        var e = Assert.Throws<IfcbDataException>(() => ModelCardJson.Deserialize("{ \"architecture\": ", "bad.json"));

        Assert.Contains("bad.json", e.Message);
    }

    [Fact]
    public void Writing_an_invalid_card_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "model.json");

            Assert.Throws<ArgumentException>(() => ModelCardJson.Write(path, Valid() with { ClassLabels = ["only"] }));
            Assert.False(File.Exists(path));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
