using Ifcb.Data.Hdr;
using Ifcb.Testing;

namespace Ifcb.Data.Tests.Hdr;

public sealed class HeaderTests
{
    [Fact]
    public void Legacy_four_line_header_has_only_context()
    {
        var h = HeaderReader.Read(TestData.PathOf(TestBins.LegacyHeader4Lines));
        Assert.Equal(HeaderDialect.Legacy, h.Dialect);
        Assert.Equal("Imaging FlowCytobot Acquisition Software version 1.0; October 2005\nHeidi M. Sosik and Robert J. Olson", h.Context);
        Assert.Equal(1, h.Count);
        Assert.False(h.ContainsKey("temperature"));
    }

    [Fact]
    public void Legacy_short_value_lines_assign_only_the_values_present()
    {
        var three = HeaderReader.Read(TestData.PathOf(TestBins.LegacyHeader3Values));
        Assert.Equal(20.928611328125, three["temperature"]);
        Assert.Equal(16.9670373535156, three["humidity"]);
        Assert.Equal(40L, three["binarizeThreshold"]);
        Assert.False(three.ContainsKey("scatteringPhotomultiplierSetting"));

        var five = HeaderReader.Read(TestData.PathOf(TestBins.LegacyHeader5Values));
        Assert.Equal(0.4, five["scatteringPhotomultiplierSetting"]);
        Assert.Equal(0.75, five["fluorescencePhotomultiplierSetting"]);
        Assert.False(five.ContainsKey("blobSizeThreshold"));
    }

    [Fact]
    public void Legacy_six_values_are_typed_by_position()
    {
        var h = HeaderReader.Read(TestData.PathOf(TestBins.LegacyHeader6Values));
        Assert.Equal(22.9231806640625, h["temperature"]);
        Assert.Equal(40L, h["binarizeThreshold"]);
        Assert.Equal(0.4, h["scatteringPhotomultiplierSetting"]);
        Assert.Equal(0.7, h["fluorescencePhotomultiplierSetting"]);
        Assert.Equal(10L, h["blobSizeThreshold"]);
        Assert.Equal(
            "Imaging FlowCytobot Acquisition Software version 1.0; October 2005\nHeidi M. Sosik and Robert J. Olson\nWoods Hole Oceanographic Institution\nSyringeStatus =  127",
            h.Context);
    }

    [Fact]
    public void Key_value_header_types_values_like_python_literals()
    {
        var h = HeaderReader.Read(TestData.PathOf(TestBins.V2White) + ".hdr");
        Assert.Equal(HeaderDialect.KeyValue, h.Dialect);
        Assert.Equal("softwareVersion: Imaging FlowCytobot Acquisition Software version 2.0, build 380; May 2010", h.Context);
        Assert.Equal(13L, h["imagerID"]);
        Assert.Equal(0.45, h["PMTAhighVoltage"]);
        Assert.Equal("COM3", h["KloehnPort"]);
        Assert.Equal("c:/Data", h["DataFilePath"]);
        Assert.Equal("2013-05-26T09:52:07Z", h["sampleTime"]);
        Assert.Equal(8L, h["BINARIZETHRESHOLD"]); // case-insensitive lookup
        Assert.DoesNotContain(h.Keys, k => k.StartsWith("Housekeeping", StringComparison.Ordinal));
    }

    [Fact]
    public void McLane_header_has_bools_strings_and_numbers()
    {
        var h = HeaderReader.Read(TestData.PathOf(TestBins.IRfcbMultiRoi) + ".hdr");
        Assert.Equal("SoftwareVersion: 2.0.5.0", h.Context);
        Assert.Equal(false, h["auxPower1"]);
        Assert.Equal(true, h["laserState"]);
        Assert.Equal(41L, h["triggerCount"]);
        Assert.Equal(75L, h["HumidityAlarmThreshold(%)"]);
        Assert.Equal("Normal", h["sampleType"]);
        Assert.Equal(58.25983722, h["gpsLatitude"]);
        Assert.StartsWith("trigger#, ADCtime", (string)h["ADCFileFormat"]!);
        Assert.Equal(1186.8013888888888, h["RUNTIME"]);
    }

    [Fact]
    public void Duplicated_key_keeps_the_last_value_and_its_first_position()
    {
        // The spec says newer McLane files repeat sampleType; the fixtures do not, so add a repeat to a real header.
        var text = File.ReadAllText(TestData.PathOf(TestBins.IRfcbMultiRoi) + ".hdr") + "sampleType: Beads\n";
        var h = HeaderReader.Parse("x.hdr", text);
        Assert.Equal("Beads", h["sampletype"]);
        Assert.Equal(1, h.Keys.Count(k => k == "sampleType"));
        Assert.Equal(4, h.Keys.ToList().IndexOf("sampleType"));
    }

    [Fact]
    public void May_2010_dialect_reads_run_time_and_temperature_from_sample_date_lines()
    {
        var text = HeaderReader.May2010FirstLine + "\r\nSample Date: 5/26/2010\r\nrun time = 1200.5 s  inhibit time = 10.25 s\r\n21.5 temperature,  40.1 humidity\r\n";
        var h = HeaderReader.Parse("x.hdr", text);
        Assert.Equal(HeaderDialect.Version2May2010, h.Dialect);
        Assert.Equal(1200.5, h["runTime"]);
        Assert.Equal(10.25, h["inhibitTime"]);
        Assert.Equal(21.5, h["temperature"]);
        Assert.Equal(40.1, h["humidity"]);
        Assert.Null(h.Context);

        var plain = HeaderReader.Parse("y.hdr", HeaderReader.May2010FirstLine + "\nsomething else\n");
        Assert.Equal(HeaderReader.May2010FirstLine, plain.Context);
        Assert.Equal(1, plain.Count);
    }

    [Fact]
    public void Empty_header_has_no_properties()
    {
        var h = HeaderReader.Parse("e.hdr", "");
        Assert.Equal(HeaderDialect.Empty, h.Dialect);
        Assert.Equal(0, h.Count);
    }

    [Theory]
    [InlineData("8", 8L)]
    [InlineData("-5", -5L)]
    [InlineData("0x10", 16L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0.450000", 0.45)]
    [InlineData(".5", 0.5)]
    [InlineData("1e5", 100000.0)]
    [InlineData("True", true)]
    [InlineData("False", false)]
    [InlineData("'quoted'", "quoted")]
    [InlineData("07", "07")] // a syntax error in Python 3: stays text
    [InlineData("COM3", "COM3")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("Jul/17/2022 16:17:39.00 UTC", "Jul/17/2022 16:17:39.00 UTC")]
    public void Literal_evaluation_matches_python(string text, object expected)
    {
        Assert.Equal(expected, PythonLiteral.Evaluate(text));
    }

    [Fact]
    public void None_evaluates_to_null()
    {
        Assert.Null(PythonLiteral.Evaluate("None"));
    }

    [Theory]
    [InlineData(0.45, "0.45")]
    [InlineData(5.0, "5.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1184.037103, "1184.037103")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(3.14e100, "3.14e+100")]
    public void Float_repr_matches_python(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.Repr(value));
    }
}
