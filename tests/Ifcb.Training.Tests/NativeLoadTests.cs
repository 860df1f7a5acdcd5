using static TorchSharp.torch;

namespace Ifcb.Training.Tests;

/// <summary>The build's ELF fix makes libtorch load on this machine (see Directory.Build.targets).</summary>
public sealed class NativeLoadTests
{
    [Fact]
    public void TensorArithmeticRunsInLibTorch()
    {
        // Given two small tensors
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 10, 20, 30 });

        // When they are added and reduced natively
        using var sum = (a + b).sum();

        // Then the result is the arithmetic sum
        Assert.Equal(66f, sum.item<float>());
    }
}
