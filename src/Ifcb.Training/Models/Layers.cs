using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Training.Models;

/// <summary>Layer factories with torchvision's defaults and initialisation.</summary>
internal static class Layers
{
    /// <summary>A square-kernel convolution; torchvision initialises these Kaiming-normal (fan_out, ReLU).</summary>
    public static Conv2d Conv(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0, long groups = 1, bool bias = false)
    {
        var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, groups: groups, bias: bias);
        InitConv(conv);
        return conv;
    }

    /// <summary>A rectangular-kernel convolution (Inception's 1x7 and 7x1 kernels).</summary>
    public static Conv2d Conv(long inChannels, long outChannels, (long H, long W) kernel, (long H, long W) stride, (long H, long W) padding, bool bias = false)
    {
        var conv = nn.Conv2d(inChannels, outChannels, (kernel.H, kernel.W), stride: (stride.H, stride.W), padding: (padding.H, padding.W), bias: bias);
        InitConv(conv);
        return conv;
    }

    /// <summary>Batch normalisation with weight 1 and bias 0.</summary>
    public static BatchNorm2d BatchNorm(long features, double eps = 1e-5, double momentum = 0.1)
    {
        var bn = nn.BatchNorm2d(features, eps: eps, momentum: momentum);
        using (no_grad())
        {
            bn.weight!.fill_(1);
            bn.bias!.zero_();
        }

        return bn;
    }

    /// <summary>A fully connected layer with PyTorch's default initialisation.</summary>
    public static Linear Dense(long inFeatures, long outFeatures) => nn.Linear(inFeatures, outFeatures);

    private static void InitConv(Conv2d conv)
    {
        using (no_grad())
        {
            nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            conv.bias?.zero_();
        }
    }
}
