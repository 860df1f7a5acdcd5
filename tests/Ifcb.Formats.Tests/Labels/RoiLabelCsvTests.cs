using Ifcb.Data;
using Ifcb.Formats.Labels;

namespace Ifcb.Formats.Tests.Labels;

public sealed class RoiLabelCsvTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ifcb-labels-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Reads_v1_and_v2_pids_with_or_without_header_path_and_extension()
    {
        // Given ground truth as ifcb synth writes it plus a v1 id, a path prefix, an image extension and a blank line
        var path = Write("""
            pid,class
            D20230101T120000_IFCB123_00005,Ditylum
            IFCB1_2006_158_000036_00005,"ciliate"

            data/D20230101T120000_IFCB123_123456.png, mix
            """);

        // When read
        var labels = RoiLabelCsv.Read(path);

        // Then each line is one (bin, roi, class) with its source line
        Assert.Equal(
            ["D20230101T120000_IFCB123 5 Ditylum", "IFCB1_2006_158_000036 5 ciliate", "D20230101T120000_IFCB123 123456 mix"],
            labels.Select(l => $"{l.Bin.Lid} {l.Target} {l.Class}"));
        Assert.Equal($"{path}:5", labels[2].Source);
        Assert.Equal("IFCB1_2006_158_000036_00005", labels[1].Pid);
    }

    [Fact]
    public void A_quoted_class_name_may_hold_a_comma()
    {
        // Given a class name with a comma, quoted as RFC 4180 (and as the label-file docs promise) says
        var path = Write("pid,class\nD20230101T120000_IFCB123_00005,\"Chaetoceros, single cell\"\n");

        // When read
        var labels = RoiLabelCsv.Read(path);

        // Then the whole name is the class
        Assert.Equal("Chaetoceros, single cell", Assert.Single(labels).Class);
    }

    [Theory]
    [InlineData("pid,class\nD20230101T120000_IFCB123_00005\n", 2, "pid,class")]
    [InlineData("D20230101T120000_IFCB123_00005,\n", 1, "pid,class")]
    [InlineData("D20230101T120000_IFCB123,Ditylum\n", 1, "does not name one ROI")]
    [InlineData("pid,class\nD20231301T120000_IFCB123_00001,x\n", 2, "not an IFCB bin id")]
    [InlineData("D20230101T120000_IFCB123_00000,x\n", 1, "start at 1")]
    public void A_bad_line_names_file_line_and_reason(string text, int line, string reason)
    {
        var path = Write(text);

        var ex = Assert.Throws<IfcbDataException>(() => RoiLabelCsv.Read(path));

        Assert.Equal((path, line), (ex.FilePath, ex.Line));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_roi_with_two_classes_is_an_error_naming_both_places_and_repeats_count_once()
    {
        var a = Write("D20230101T120000_IFCB123_00005,Ditylum\nD20230101T120000_IFCB123_00006,mix\n");
        var same = Write("D20230101T120000_IFCB123_00006,mix\n");
        var other = Write("D20230101T120000_IFCB123_00005,ciliate\n");

        var set = RoiLabelSet.Load([a, same]);
        var ex = Assert.Throws<IfcbDataException>(() => RoiLabelSet.Load([a, other]));

        Assert.Equal(2, set.Labels.Count);
        Assert.Contains(set.Notes, n => n.StartsWith("1 repeated label", StringComparison.Ordinal));
        Assert.Equal($"{other}:1", ex.FilePath);
        Assert.Contains($"{a}:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_source_is_named()
    {
        var missing = Path.Combine(_dir.FullName, "nope.csv");

        var ex = Assert.Throws<IfcbDataException>(() => RoiLabelSet.Load([missing]));

        Assert.Equal(missing, ex.FilePath);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir.FullName, $"labels{Directory.GetFiles(_dir.FullName).Length}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
