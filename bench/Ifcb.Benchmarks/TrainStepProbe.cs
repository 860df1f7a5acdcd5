using System.Diagnostics;
using System.Globalization;
using Ifcb.Training.Loop;
using Ifcb.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Ifcb.Benchmarks;

/// <summary>
/// One training step without the data pipeline (a fixed random batch of 32 at 224 px, 4 classes), timed per phase:
/// forward, backward, Adam step. For profiling the model side against bench/python/step_probe.py (same step in Python
/// torch); add ONEDNN_VERBOSE=1 to see the convolution kernels and their times.
///   dotnet run -c Release --project bench/Ifcb.Benchmarks -- train-step-probe resnet18 nchw 4
/// Layouts: nchw (PyTorch's default), channels-last (the trainer's default: the input is channels-last), and
/// channels-last-weights (the convolution weights too; not in the trainer, whose checkpoints need contiguous tensors).
/// </summary>
internal static class TrainStepProbe
{
    public static void Run(string[] args)
    {
        if (args.Length < 2 || args[1] is not ("nchw" or "channels-last" or "channels-last-weights"))
        {
            Console.Error.WriteLine("usage: train-step-probe <model> <nchw|channels-last|channels-last-weights> [steps]");
            Environment.Exit(2);
        }

        var (arch, layout) = (args[0], args[1]);
        var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(0);
        using var model = ModelRegistry.Create(arch, 4);
        model.train();
        if (layout == "channels-last-weights")
        {
            foreach (var (_, module) in model.named_modules())
            {
                if (module is Conv2d conv)
                {
                    conv.weight = new Parameter(MemoryLayout.ChannelsLast(conv.weight!.detach()));
                }
            }
        }

        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var images = torch.rand(32, 3, 224, 224);
        using var labels = torch.randint(0, 4, 32);
        double seconds = 0;
        for (var i = 0; i <= steps; i++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var x = layout == "nchw" ? images.contiguous() : MemoryLayout.ChannelsLast(images);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), labels);
            var forward = watch.Elapsed.TotalMilliseconds;
            loss.backward();
            var backward = watch.Elapsed.TotalMilliseconds;
            optimizer.step();
            var total = watch.Elapsed.TotalMilliseconds;
            if (i > 0)
            {
                seconds += total / 1000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  step {i}: forward {forward:F0} ms, backward {backward - forward:F0} ms, optimiser {total - backward:F0} ms"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ifcb {arch} {layout}: {32 * steps / seconds:F2} images/s (step only, no loader)"));
    }
}
