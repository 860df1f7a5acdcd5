namespace Ifcb.Formats.Mat;

/// <summary>One MATLAB array (a variable, a cell or a struct field). Dimensions are MATLAB's, elements column-major.</summary>
public abstract class MatArray
{
    /// <summary>Creates an array with the given dimensions (at least two, as MATLAB stores them).</summary>
    protected MatArray(int[] dimensions)
    {
        Dimensions = dimensions.Length switch
        {
            0 => [0, 0],
            1 => [dimensions[0], 1],
            _ => dimensions,
        };
    }

    /// <summary>The dimensions, e.g. <c>[rows, columns]</c>.</summary>
    public int[] Dimensions { get; }

    /// <summary>The number of elements (product of the dimensions).</summary>
    public int Count => Dimensions.Aggregate(1, (a, b) => a * b);

    /// <summary>The MATLAB class.</summary>
    public abstract MatClass Class { get; }
}
