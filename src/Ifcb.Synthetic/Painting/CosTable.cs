namespace Ifcb.Synthetic.Painting;

/// <summary>A 4096-entry cosine table: striae need a cosine per pixel, not full precision.</summary>
internal static class CosTable
{
    private const int Size = 4096;
    private static readonly float[] Values = Create();

    /// <summary>cos(<paramref name="radians"/>) to about 1e-3.</summary>
    public static float Cos(float radians)
    {
        var index = (int)(radians * (Size / MathF.Tau)) & (Size - 1);
        return Values[index];
    }

    private static float[] Create()
    {
        var values = new float[Size];
        for (var i = 0; i < Size; i++)
        {
            values[i] = MathF.Cos(i * MathF.Tau / Size);
        }

        return values;
    }
}
