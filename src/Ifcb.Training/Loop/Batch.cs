namespace Ifcb.Training.Loop;

/// <summary>A preprocessed batch in a pooled buffer; <see cref="BatchLoader.Return"/> gives the buffer back.</summary>
public sealed class Batch
{
    internal Batch(float[] data, int capacity, int imageLength)
    {
        Data = data;
        ImageLength = imageLength;
        Labels = new long[capacity];
        Indices = new int[capacity];
    }

    /// <summary>N x C x H x W floats (only the first <see cref="Count"/> images are valid).</summary>
    public float[] Data { get; }

    /// <summary>Floats per image (C x H x W).</summary>
    public int ImageLength { get; }

    /// <summary>Images the buffer holds (the batch size; the last batch of an epoch may hold fewer).</summary>
    public int Capacity => Labels.Length;

    /// <summary>Class index per image.</summary>
    public long[] Labels { get; }

    /// <summary>Index of each image in the loader's list.</summary>
    public int[] Indices { get; }

    /// <summary>Number of valid images (unreadable ones are left out).</summary>
    public int Count { get; internal set; }

    /// <summary>Position of the batch in the epoch.</summary>
    public int Number { get; internal set; }
}
