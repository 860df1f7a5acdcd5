namespace Ifcb.Inference.Pipeline;

/// <summary>
/// Up to <see cref="Capacity"/> ROIs, possibly from several bins: raw pixels (pooled) on the way in, a pooled input
/// tensor after preprocessing, pooled probabilities after the engine.
/// </summary>
internal sealed class Batch(int capacity)
{
    /// <summary>Maximum items.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Items filled.</summary>
    public int Count { get; private set; }

    /// <summary>The bin of each item.</summary>
    public BinJob[] Jobs { get; } = new BinJob[capacity];

    /// <summary>The index of each item within its bin.</summary>
    public int[] Indices { get; } = new int[capacity];

    /// <summary>Raw pixels of each item (rented), until preprocessed.</summary>
    public byte[]?[] Pixels { get; } = new byte[]?[capacity];

    /// <summary>Image widths.</summary>
    public int[] Widths { get; } = new int[capacity];

    /// <summary>Image heights.</summary>
    public int[] Heights { get; } = new int[capacity];

    /// <summary>The preprocessed input tensor (rented from the batch pool).</summary>
    public float[]? Input { get; set; }

    /// <summary>With the preprocessing in the session: the packed 8-bit pixels (rented), else null.</summary>
    public byte[]? Packed { get; set; }

    /// <summary>The packed pixels' [height, width].</summary>
    public (int Height, int Width) PackedShape { get; set; }

    /// <summary>With the preprocessing in the session: per-ROI geometry, Count x 7 (rented).</summary>
    public double[]? Geometry { get; set; }

    /// <summary>Probabilities, Count x classes (rented).</summary>
    public float[]? Probabilities { get; set; }

    /// <summary>Embeddings, Count x features (rented), or null.</summary>
    public float[]? Features { get; set; }

    /// <summary>Whether no more items fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Appends one ROI.</summary>
    public void Add(BinJob job, int index, byte[] pixels, int width, int height)
    {
        Jobs[Count] = job;
        Indices[Count] = index;
        Pixels[Count] = pixels;
        Widths[Count] = width;
        Heights[Count] = height;
        Count++;
    }
}
