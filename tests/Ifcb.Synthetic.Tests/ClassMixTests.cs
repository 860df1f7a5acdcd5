namespace Ifcb.Synthetic.Tests;

public sealed class ClassMixTests
{
    [Fact]
    public void A_bloom_peaks_in_the_middle_bin_and_the_ground_truth_says_so()
    {
        using var dir = new TempDirectory();
        var options = new SyntheticArchiveOptions { Bins = 5, RoisPerBin = 300, Seed = 4, Mix = ClassMixKind.Bloom, BloomClass = 5 };

        var result = SyntheticArchiveWriter.Write(dir.Path, options);

        var shares = Shares(result, "dinoflagellate");
        Assert.InRange(shares[2], 0.6, 0.8);
        Assert.True(shares[0] < 0.2 && shares[4] < 0.2);
    }

    [Fact]
    public void Shifted_balanced_and_day_night_weights_have_their_shapes()
    {
        var shifted = SyntheticBinFactory.MixWeights(new SyntheticArchiveOptions { Mix = ClassMixKind.Shifted }, 0, DateTime.UnixEpoch);
        var balanced = SyntheticBinFactory.MixWeights(new SyntheticArchiveOptions { Mix = ClassMixKind.Balanced }, 0, DateTime.UnixEpoch);
        var noon = SyntheticBinFactory.MixWeights(new SyntheticArchiveOptions { Mix = ClassMixKind.DayNight }, 0, DateTime.UnixEpoch.AddHours(12));
        var midnight = SyntheticBinFactory.MixWeights(new SyntheticArchiveOptions { Mix = ClassMixKind.DayNight }, 0, DateTime.UnixEpoch);

        Assert.InRange(shifted[0] / shifted.Sum(), 0.38, 0.42);
        Assert.All(balanced, w => Assert.Equal(1.0, w));
        Assert.True(noon[0] > 10 * noon[1]);
        Assert.True(midnight[1] > 10 * midnight[0]);
    }

    private static double[] Shares(SyntheticArchiveResult result, string cls)
    {
        var rows = File.ReadAllLines(result.GroundTruthPath).Skip(1).Select(l => l.Split(',')).ToList();
        return [.. result.Lids.Select(lid =>
        {
            var bin = rows.Where(r => r[0].StartsWith(lid, StringComparison.Ordinal)).ToList();
            return bin.Count(r => r[1] == cls) / (double)bin.Count;
        })];
    }
}
