using System.Globalization;

namespace Ifcb.Synthetic.Tests;

/// <summary>The columns of one v2 ADC line these tests need, parsed independently of the generator.</summary>
internal sealed record AdcRow(int Trigger, double AdcTime, int X, int Y, int Width, int Height, long StartByte, double RunTime, double InhibitTime, int Columns)
{
    public bool HasImage => Width > 0 && Height > 0;

    public static List<AdcRow> ReadAll(string path)
    {
        var rows = new List<AdcRow>();
        foreach (var line in File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var c = line.Split(',');
            double D(int i) => double.Parse(c[i], CultureInfo.InvariantCulture);
            rows.Add(new AdcRow(int.Parse(c[0], CultureInfo.InvariantCulture), D(1), (int)D(13), (int)D(14), (int)D(15), (int)D(16), (long)D(17), D(22), D(23), c.Length));
        }

        return rows;
    }
}
