using static TorchSharp.torch;

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

    /// <summary>
    /// The valid images as the model's input: N x <paramref name="channels"/> x S x S in <paramref name="dtype"/>,
    /// channels-last or contiguous NCHW. The trainer and the training benchmark both build their input here.
    /// </summary>
    public Tensor ToInput(int channels, ScalarType dtype, bool channelsLast)
    {
        var side = (long)Math.Round(Math.Sqrt(ImageLength / channels));
        var x = tensor(Data, [Capacity, channels, side, side]);
        if (Count < Capacity)
        {
            x = x.narrow(0, 0, Count);
        }

        if (dtype != ScalarType.Float32)
        {
            x = x.to(dtype);
        }

        return channelsLast ? MemoryLayout.ChannelsLast(x) : x.contiguous();
    }

    /// <summary>The class indices of the valid images, as a tensor.</summary>
    public Tensor LabelTensor() => tensor(Labels.AsSpan(0, Count).ToArray());
}
