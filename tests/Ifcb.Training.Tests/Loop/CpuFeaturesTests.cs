using Ifcb.Training.Loop;

namespace Ifcb.Training.Tests.Loop;

public class CpuFeaturesTests
{
    [Theory]
    // The 16-core Xeon of the GPU machine the bf16 figures were measured on (flags shortened).
    [InlineData("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t\t: fpu avx2 avx512f amx_bf16 avx512_bf16 amx_tile\n", true)]
    [InlineData("processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16\n", true)]
    // The AMD EPYC development VM: AVX2 only, bf16 emulated (~15x slower for resnet18).
    [InlineData("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse sse2 avx avx2 fma\n", false)]
    // A flag that only contains the name is not the flag.
    [InlineData("flags\t\t: avx512_bf16x amx_bf16_lite\n", false)]
    // Arm: the Features line.
    [InlineData("processor\t: 0\nFeatures\t: fp asimd bf16 i8mm\n", true)]
    [InlineData("processor\t: 0\nFeatures\t: fp asimd\n", false)]
    public void The_cpuinfo_flags_say_whether_bf16_is_native(string cpuInfo, bool expected)
    {
        // Given /proc/cpuinfo text, When it is read, Then the first flags line decides
        Assert.Equal(expected, CpuFeatures.HasNativeBf16(cpuInfo.Split('\n')));
    }

    [Fact]
    public void Without_a_flags_line_it_cannot_say()
    {
        Assert.Null(CpuFeatures.HasNativeBf16(["processor\t: 0", "model name\t: something"]));
    }

    [Fact]
    public void This_machine_answers_without_throwing()
    {
        // On Linux there is a /proc/cpuinfo with flags: the answer is true or false, never an exception.
        var answer = CpuFeatures.HasNativeBf16();
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(answer);
        }
    }
}
