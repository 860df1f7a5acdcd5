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

    [Fact]
    public void Covariance_blocks_round_trip_and_malformed_ones_are_rejected_with_the_reason()
    {
        var card = Valid() with
        {
            Quantification = new QuantificationEstimates
            {
                Source = "validation split",
                Support = [2, 1],
                Confusion = [[1, 1], [0, 1]],
                MeanProbability = [[0.4, 0.6], [0.3, 0.7]],
                ProbabilityVariance = [0.08, 0],
                ProbabilityCovariance =
                [
                    new CovarianceBlock { Classes = [0, 1], Values = [0.04, -0.04, -0.04, 0.04] },
                    new CovarianceBlock { Classes = [0, 1], Values = [0, 0, 0, 0] },
                ],
            },
        };
        var json = ModelCardJson.Serialize(card);
        Assert.Contains("\"probability_covariance\"", json);

        var back = ModelCardJson.Deserialize(json, "m/model.json").Quantification!;
        Assert.Equal([0, 1], back.ProbabilityCovariance![0].Classes);
        Assert.Equal([0.04, -0.04, -0.04, 0.04], back.ProbabilityCovariance[0].Values);

        // Class 1's block without class 1.
        var bad = ModelCardJson.Serialize(card with { Quantification = card.Quantification with { ProbabilityCovariance = [card.Quantification.ProbabilityCovariance[0], new CovarianceBlock { Classes = [0], Values = [0] }] } });
        var e = Assert.Throws<IfcbDataException>(() => ModelCardJson.Deserialize(bad, "m/model.json"));
        Assert.Contains("probability_covariance[1] classes must include the true class 1", e.Message);

        // Cards without the field still load (PACC then uses the Dirichlet).
        var without = ModelCardJson.Serialize(card with { Quantification = card.Quantification with { ProbabilityCovariance = null } });
        Assert.Null(ModelCardJson.Deserialize(without, "m/model.json").Quantification!.ProbabilityCovariance);
        Assert.Null(ModelCardJson.Deserialize(without.Replace("\"probability_covariance\": null", "\"x\": null", StringComparison.Ordinal), "m/model.json").Quantification!.ProbabilityCovariance);
    }
}
