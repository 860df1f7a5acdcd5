namespace Ifcb.Formats.Mat;

/// <summary>A real numeric or logical MATLAB array; <see cref="Data"/> is a typed .NET array in column-major order.</summary>
public sealed class MatNumeric : MatArray
{
    private static readonly Dictionary<Type, MatClass> Classes = new()
    {
        [typeof(double)] = MatClass.Double,
        [typeof(float)] = MatClass.Single,
        [typeof(sbyte)] = MatClass.Int8,
        [typeof(byte)] = MatClass.UInt8,
        [typeof(short)] = MatClass.Int16,
        [typeof(ushort)] = MatClass.UInt16,
        [typeof(int)] = MatClass.Int32,
        [typeof(uint)] = MatClass.UInt32,
        [typeof(long)] = MatClass.Int64,
        [typeof(ulong)] = MatClass.UInt64,
    };

    /// <summary>Wraps column-major <paramref name="data"/> (double[], float[], int[], uint[], byte[], ...).</summary>
    public MatNumeric(Array data, int[] dimensions, bool isLogical = false)
        : base(dimensions)
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = data.GetType().GetElementType()!;
        Class = Classes.TryGetValue(type, out var c) ? c : throw new ArgumentException($"no MATLAB class for {type}", nameof(data));
        if (data.Length != Count)
        {
            throw new ArgumentException($"{data.Length} values do not fill [{string.Join("x", Dimensions)}]", nameof(data));
        }

        if (isLogical && Class != MatClass.UInt8)
        {
            throw new ArgumentException("logical arrays are stored as uint8", nameof(isLogical));
        }

        Data = data;
        IsLogical = isLogical;
    }

    /// <inheritdoc/>
    public override MatClass Class { get; }

    /// <summary>The values, column-major, of the .NET type matching <see cref="Class"/>.</summary>
    public Array Data { get; }

    /// <summary>Whether MATLAB sees this uint8 array as logical.</summary>
    public bool IsLogical { get; }

    /// <summary>A 1x1 double.</summary>
    public static MatNumeric Scalar(double value) => new(new[] { value }, [1, 1]);

    /// <summary>An N x 1 column vector.</summary>
    public static MatNumeric Column<T>(T[] values)
        where T : unmanaged => new(values, [values.Length, 1]);

    /// <summary>A 1 x N row vector.</summary>
    public static MatNumeric Row<T>(T[] values)
        where T : unmanaged => new(values, [1, values.Length]);

    /// <summary>A matrix from a row-major .NET 2-D array (transposed into MATLAB's column-major order).</summary>
    public static MatNumeric Matrix<T>(T[,] values)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new T[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                data[(c * rows) + r] = values[r, c];
            }
        }

        return new MatNumeric(data, [rows, cols]);
    }

    /// <summary>A matrix from row-major values with <paramref name="rows"/> rows and <paramref name="cols"/> columns.</summary>
    public static MatNumeric MatrixFromRowMajor<T>(T[] values, int rows, int cols)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        var data = new T[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                data[(c * rows) + r] = values[(r * cols) + c];
            }
        }

        return new MatNumeric(data, [rows, cols]);
    }

    /// <summary>A logical array (column vector).</summary>
    public static MatNumeric Logical(bool[] values)
        => new(Array.ConvertAll(values, v => v ? (byte)1 : (byte)0), [values.Length, 1], isLogical: true);

    /// <summary>Element <paramref name="index"/> (column-major) as a double.</summary>
    public double this[int index] => Convert.ToDouble(Data.GetValue(index), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Element (row, column) of a 2-D array, as a double.</summary>
    public double this[int row, int column] => this[(column * Dimensions[0]) + row];

    /// <summary>All values as doubles, column-major.</summary>
    public double[] ToDoubles()
    {
        var result = new double[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = this[i];
        }

        return result;
    }
}
