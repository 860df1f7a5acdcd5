using Ifcb.Data.Adc;
using Ifcb.Data.Ids;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Ids;

public sealed class BinIdTests
{
    [Fact]
    public void V2_id_gives_time_instrument_and_schema()
    {
        var id = BinId.Parse("D20130526T095207_IFCB013");
        Assert.Equal(new DateTimeOffset(2013, 5, 26, 9, 52, 7, TimeSpan.Zero), id.Timestamp);
        Assert.Equal("IFCB13", id.Instrument);
        Assert.Equal(AdcSchema.V2, id.Schema);
        Assert.Equal(2, id.SchemaVersion);
    }

    [Fact]
    public void V1_id_uses_day_of_year()
    {
        var id = BinId.Parse("IFCB5_2012_028_081515");
        Assert.Equal(new DateTimeOffset(2012, 1, 28, 8, 15, 15, TimeSpan.Zero), id.Timestamp);
        Assert.Equal("IFCB5", id.Instrument);
        Assert.Equal(AdcSchema.V1, id.Schema);
        Assert.Equal(new DateTimeOffset(2012, 12, 31, 0, 0, 0, TimeSpan.Zero), BinId.Parse("IFCB1_2012_366_000000").Timestamp);
    }

    [Theory]
    [InlineData("D20160714T023910_IFCB101_00014.png", "D20160714T023910_IFCB101", 14, null, "png", "")]
    [InlineData("/my/directory/D20160603T002950_IFCB101_blob.zip", "D20160603T002950_IFCB101", null, "blob", "zip", "/my/directory/")]
    [InlineData("http://mysite.org/data/D20150321T124431_IFCB103", "D20150321T124431_IFCB103", null, null, null, "http://mysite.org/data/")]
    [InlineData("C:\\data\\2012\\IFCB5_2012_028_081515.adc", "IFCB5_2012_028_081515", null, null, "adc", "")]
    [InlineData("D20220522T003051_IFCB134_class_v1.mat", "D20220522T003051_IFCB134", null, "class_v1", "mat", "")]
    [InlineData("IFCB5_2012_028_081515_00003_blobs_v4.zip", "IFCB5_2012_028_081515", 3, "blobs_v4", "zip", "")]
    public void Suffixes_and_prefixes_are_separated(string text, string lid, int? target, string? product, string? ext, string ns)
    {
        var pid = Pid.Parse(text);
        Assert.Equal(lid, pid.Bin.Lid);
        Assert.Equal(target, pid.Target);
        Assert.Equal(product, pid.Product);
        Assert.Equal(ext, pid.Extension);
        Assert.Equal(ns, pid.Namespace);
    }

    [Fact]
    public void Roi_ids_are_zero_padded_to_five_digits()
    {
        var id = BinId.Parse("D20130526T095207_IFCB013");
        Assert.Equal("D20130526T095207_IFCB013_00099", id.RoiId(99));
        Assert.Equal("D20130526T095207_IFCB013_123456", id.RoiId(123456));
        Assert.Equal("IFCB5_2012_028_081515_00003", BinId.Parse("IFCB5_2012_028_081515").RoiId(3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("D20131326T095207_IFCB013")] // month 13
    [InlineData("D20130230T095207_IFCB013")] // 30 February
    [InlineData("D20130526T245207_IFCB013")] // hour 24
    [InlineData("D20130526T095207_IFCB13")] // 2-digit instrument
    [InlineData("IFCB5_2013_000_081515")] // day 0
    [InlineData("IFCB5_2013_366_081515")] // not a leap year
    [InlineData("IFCB15_2012_028_081515")] // 2-digit v1 instrument
    [InlineData("D20130526T095207_IFCB013x")]
    [InlineData("D20130526T095207_IFCB013_")]
    [InlineData("X20130526T095207_IFCB013")]
    public void Invalid_ids_are_rejected_with_the_text_and_a_reason(string text)
    {
        Assert.False(BinId.TryParse(text, out _));
        var ex = Assert.Throws<IfcbDataException>(() => BinId.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
        Assert.Contains(text, ex.Message);
    }

    public static TheoryData<string> FixtureIds => [.. ExpectedFacts.All.Keys, "D20230810T113059_IFCB134", "IFCB1_2009_216_075913"];

    /// <summary>pyifcb's mutation test: every one-character change of a valid id is rejected or is another valid id.</summary>
    [Theory]
    [MemberData(nameof(FixtureIds))]
    public void Every_one_character_mutation_is_rejected_or_a_different_valid_id_that_round_trips(string id)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_T.";
        var mutants = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i <= id.Length; i++)
        {
            if (i < id.Length)
            {
                mutants.Add(id.Remove(i, 1));
            }

            foreach (var c in alphabet)
            {
                if (i < id.Length)
                {
                    mutants.Add(id[..i] + c + id[(i + 1)..]);
                }

                mutants.Add(id.Insert(i, c.ToString()));
            }
        }

        mutants.Remove(id);
        var accepted = 0;
        foreach (var m in mutants)
        {
            if (Pid.TryParse(m, out var pid, out var reason))
            {
                accepted++;
                Assert.Equal(m, pid.ToString());
                Assert.NotEqual(id, pid.ToString());
                Assert.Equal(pid.Bin.Lid, BinId.Parse(pid.Bin.Lid).Lid);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(reason));
            }
        }

        // Substituting a digit of the time for another valid digit must give another valid id.
        Assert.InRange(accepted, 1, mutants.Count - 1);
    }

    [Fact]
    public void Ids_order_by_time_then_text()
    {
        var a = BinId.Parse("IFCB5_2012_028_081515");
        var b = BinId.Parse("D20130526T095207_IFCB013");
        var c = BinId.Parse("D20130526T095207_IFCB014");
        Assert.True(a < b);
        Assert.True(b < c);
        Assert.Equal(b, BinId.Parse("x/D20130526T095207_IFCB013.roi"));
    }
}
