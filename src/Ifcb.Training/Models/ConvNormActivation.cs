using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>torchvision's Conv2dNormActivation: a Sequential of conv ("0"), batch norm ("1") and an optional activation ("2").</summary>
internal static class ConvNormActivation
{
    public static Stack Create(long inChannels, long outChannels, long kernel, long stride, long groups, nn.Module? activation, double eps, double momentum)
    {
        var conv = Layers.Conv(inChannels, outChannels, kernel, stride, (kernel - 1) / 2, groups);
        var bn = Layers.BatchNorm(outChannels, eps, momentum);
        return activation is null ? new Stack(conv, bn) : new Stack(conv, bn, activation);
    }
}
