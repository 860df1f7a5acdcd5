namespace Ifcb.Formats.Mat;

/// <summary>A MATLAB char array; a single row is a string (<c>'abc'</c> is 1 x 3).</summary>
public sealed class MatChar : MatArray
{
    /// <summary>Wraps column-major UTF-16 <paramref name="chars"/> with the given dimensions.</summary>
    public MatChar(string chars, int[] dimensions)
        : base(dimensions)
    {
        ArgumentNullException.ThrowIfNull(chars);
        if (chars.Length != Count)
        {
            throw new ArgumentException($"{chars.Length} characters do not fill [{string.Join("x", Dimensions)}]", nameof(chars));
        }

        Chars = chars;
    }

    /// <inheritdoc/>
    public override MatClass Class => MatClass.Char;

    /// <summary>The characters in column-major order.</summary>
    public string Chars { get; }

    /// <summary>A 1 x N char array (0 x 0 when empty, as MATLAB writes <c>''</c>).</summary>
    public static MatChar Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MatChar(text, text.Length == 0 ? [0, 0] : [1, text.Length]);
    }

    /// <summary>The rows of a 2-D char array, trailing spaces kept (MATLAB pads rows with spaces).</summary>
    public string[] Rows()
    {
        int rows = Dimensions[0], cols = Count == 0 ? 0 : Count / rows;
        var result = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            var chars = new char[cols];
            for (var c = 0; c < cols; c++)
            {
                chars[c] = Chars[(c * rows) + r];
            }

            result[r] = new string(chars);
        }

        return result;
    }

    /// <summary>The text of a single-row (or empty) char array.</summary>
    public override string ToString() => Dimensions[0] <= 1 ? Chars : string.Join("\n", Rows());
}
