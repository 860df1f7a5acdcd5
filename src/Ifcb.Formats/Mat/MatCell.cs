namespace Ifcb.Formats.Mat;

/// <summary>A MATLAB cell array; <see cref="Cells"/> in column-major order.</summary>
public sealed class MatCell : MatArray
{
    /// <summary>Wraps column-major <paramref name="cells"/> with the given dimensions.</summary>
    public MatCell(MatArray[] cells, int[] dimensions)
        : base(dimensions)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Count)
        {
            throw new ArgumentException($"{cells.Length} cells do not fill [{string.Join("x", Dimensions)}]", nameof(cells));
        }

        Cells = cells;
    }

    /// <inheritdoc/>
    public override MatClass Class => MatClass.Cell;

    /// <summary>The cells, column-major.</summary>
    public MatArray[] Cells { get; }

    /// <summary>An N x 1 cell array of strings (as <c>class2useTB</c>).</summary>
    public static MatCell ColumnOfStrings(IEnumerable<string> values)
    {
        var cells = values.Select(v => (MatArray)MatChar.Of(v)).ToArray();
        return new MatCell(cells, [cells.Length, 1]);
    }

    /// <summary>A 1 x N cell array of strings (as <c>class2use_manual</c>).</summary>
    public static MatCell RowOfStrings(IEnumerable<string> values)
    {
        var cells = values.Select(v => (MatArray)MatChar.Of(v)).ToArray();
        return new MatCell(cells, [1, cells.Length]);
    }

    /// <summary>The cells as strings; a non-char cell throws, an empty numeric cell (<c>[]</c>) reads as "".</summary>
    public string[] ToStrings() => Cells.Select(c => c switch
    {
        MatChar ch => ch.ToString(),
        { Count: 0 } => "",
        _ => throw new InvalidDataException($"cell holds a {c.Class} array, not text"),
    }).ToArray();
}
