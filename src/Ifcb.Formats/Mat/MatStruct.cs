namespace Ifcb.Formats.Mat;

/// <summary>A MATLAB struct array as read from a file: field names and, per element, one array per field.</summary>
public sealed class MatStruct : MatArray
{
    /// <summary>Wraps the fields; <paramref name="values"/>[element][field], elements column-major.</summary>
    public MatStruct(string[] fieldNames, MatArray[][] values, int[] dimensions)
        : base(dimensions)
    {
        FieldNames = fieldNames;
        Values = values;
    }

    /// <inheritdoc/>
    public override MatClass Class => MatClass.Struct;

    /// <summary>The field names, in file order.</summary>
    public string[] FieldNames { get; }

    /// <summary>Per element, the array of each field.</summary>
    public MatArray[][] Values { get; }

    /// <summary>The value of <paramref name="field"/> in element <paramref name="element"/>.</summary>
    public MatArray Field(string field, int element = 0)
        => Values[element][Array.IndexOf(FieldNames, field) is var i and >= 0 ? i : throw new KeyNotFoundException(field)];
}
