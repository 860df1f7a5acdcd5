using System.Text;
using Ifcb.Data.Adc;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Adc;

public sealed class AdcTests
{
    [Fact]
    public void Several_rois_can_share_one_trigger()
    {
        // Given the iRfcb McLane ADC: 45 lines for 41 triggers
        var adc = AdcFile.Read(TestData.PathOf(TestBins.IRfcbMultiRoi) + ".adc", AdcSchema.V2);

        // Then targets are line numbers, not trigger numbers
        Assert.Equal(45, adc.Count);
        Assert.Equal(41, adc.TriggerCount);
        Assert.Equal(41, adc.Rows.Select(r => r.Trigger).Distinct().Count());
        Assert.Equal(new[] { 24 }, adc.ColumnCounts);
        Assert.Equal(3, adc.Rows.Count(r => r.Trigger == 24));
        Assert.Equal(Enumerable.Range(1, 45), adc.Rows.Select(r => r.Target));
    }

    [Fact]
    public void Ifcb1_crlf_trailing_comma_and_exponent_numbers_parse()
    {
        var adc = AdcFile.Read(TestData.PathOf(TestBins.Ifcb1Crlf) + ".adc", AdcSchema.V1);
        Assert.Equal(268, adc.Count);
        Assert.Equal(new[] { 15 }, adc.ColumnCounts);
        var first = adc[1];
        Assert.Equal(0.08984375, first[1]);
        Assert.Equal(0.01953125, first[8]);
        Assert.Equal(-0.06622314453125, first[2]);
        Assert.Equal((368, 740, 130L, 78L, 1L), (first.X, first.Y, first.Width, first.Height, first.StartByte));
        Assert.DoesNotContain('\r', first.RawLine);
        Assert.EndsWith(",", first.RawLine);
        Assert.Equal(10141, adc[2].StartByte);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_do_not_count_as_targets()
    {
        var text = "1,0,0,0,0,0,0,0,0,1,2,3,4,1,0,\r\n\r\n   \n2,0,0,0,0,0,0,0,0,1,2,0,0,13,0,\n\n";
        var adc = AdcFile.Parse("x.adc", Encoding.ASCII.GetBytes(text), AdcSchema.V1);
        Assert.Equal(2, adc.Count);
        Assert.Equal(2, adc[2].Target);
        Assert.Equal(4, adc[2].LineNumber);
        Assert.False(adc[2].HasImage);
    }

    [Fact]
    public void Extra_columns_are_kept_and_numbers_use_invariant_forms()
    {
        var line = "7,.5,-.29,8.9E-02,-999.00000,0,0,0,0,0,0,0,0,10,20,30,40,0,0,0,0,0,12.5,0.25,33.1,4000";
        var adc = AdcFile.Parse("x.adc", Encoding.ASCII.GetBytes(line), AdcSchema.V2);
        var row = adc[1];
        Assert.Equal(26, row.ColumnCount);
        Assert.Equal(0.5, row[1]);
        Assert.Equal(-0.29, row[2]);
        Assert.Equal(0.089, row[3]);
        Assert.Equal(-999, row[4]);
        Assert.Equal(4000, row[25]);
        Assert.Equal(line, row.RawLine);
        Assert.Equal(7, adc.TriggerCount);
    }

    [Fact]
    public void Empty_file_has_no_rows()
    {
        var adc = AdcFile.Parse("x.adc", [], AdcSchema.V2);
        Assert.Equal(0, adc.Count);
        Assert.Equal(0, adc.TriggerCount);
    }
}
