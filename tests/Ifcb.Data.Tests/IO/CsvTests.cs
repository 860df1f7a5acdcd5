using Ifcb.Data.IO;

namespace Ifcb.Data.Tests;

/// <summary>The one CSV dialect (RFC 4180) every reader and writer of the repository uses.</summary>
public sealed class CsvTests
{
    [Fact]
    public void A_quoted_comma_stays_in_its_field()
    {
        // Given a line whose second field holds a comma and quotes
        var line = "D20240101T000000_IFCB123_00001,\"Chaetoceros, chain\",\"say \"\"hi\"\"\",";

        // When it is split
        var fields = Csv.Split(line);

        // Then the quoted comma and the doubled quotes are one field's content, and the empty last field is kept
        Assert.Equal(["D20240101T000000_IFCB123_00001", "Chaetoceros, chain", "say \"hi\"", ""], fields);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("a\nb", "\"a\nb\"")]
    [InlineData("a\rb", "\"a\rb\"")]
    [InlineData("", "")]
    public void Quote_quotes_only_what_needs_it(string field, string expected) => Assert.Equal(expected, Csv.Quote(field));

    [Fact]
    public void A_written_line_reads_back_field_for_field()
    {
        // Given fields with every character that needs quoting
        string[] fields = ["pid", "a,b", "\"quoted\"", "x y", ""];

        // When written as one line and split again
        var back = Csv.Split(Csv.Line(fields));

        // Then nothing is lost
        Assert.Equal(fields, back);
    }
}
