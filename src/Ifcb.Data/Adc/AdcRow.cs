namespace Ifcb.Data.Adc;

/// <summary>One ADC line: its target number, the numbers in it, and its original text.</summary>
public sealed class AdcRow
{
    internal AdcRow(int target, int lineNumber, string rawLine, double[] values, long trigger, int x, int y, long width, long height, long startByte)
    {
        Target = target;
        LineNumber = lineNumber;
        RawLine = rawLine;
        Values = values;
        Trigger = trigger;
        X = x;
        Y = y;
        Width = width;
        Height = height;
        StartByte = startByte;
    }

    /// <summary>The 1-based target (ROI) number: the position among non-blank lines.</summary>
    public int Target { get; }

    /// <summary>The 1-based physical line number in the file (blank lines counted), for messages.</summary>
    public int LineNumber { get; }

    /// <summary>The line as written, without its line ending (kept for byte-exact rewriting).</summary>
    public string RawLine { get; }

    /// <summary>Every cell as a number (v1's trailing empty cell dropped; empty cells are NaN).</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The number of cells.</summary>
    public int ColumnCount => Values.Count;

    /// <summary>The trigger number.</summary>
    public long Trigger { get; }

    /// <summary>ROI left edge, camera pixels.</summary>
    public int X { get; }

    /// <summary>ROI top edge, camera pixels.</summary>
    public int Y { get; }

    /// <summary>ROI width (bytes per row); 0 for a trigger without an image.</summary>
    public long Width { get; }

    /// <summary>ROI height (rows); 0 for a trigger without an image.</summary>
    public long Height { get; }

    /// <summary>Absolute offset of the image in the .roi file.</summary>
    public long StartByte { get; }

    /// <summary>True when the line carries an image (nonzero width and height).</summary>
    public bool HasImage => Width != 0 && Height != 0;

    /// <summary>A cell value, or NaN when the line is shorter.</summary>
    public double this[int column] => column < Values.Count ? Values[column] : double.NaN;
}
