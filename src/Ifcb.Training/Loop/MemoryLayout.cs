using static TorchSharp.torch;

namespace Ifcb.Training.Loop;

/// <summary>Memory layouts of image batches.</summary>
public static class MemoryLayout
{
    /// <summary>
    /// Channels-last without a memory-format API: NHWC storage viewed as NCHW; convolutions keep it (platform notes).
    /// </summary>
    public static Tensor ChannelsLast(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
    }
}
