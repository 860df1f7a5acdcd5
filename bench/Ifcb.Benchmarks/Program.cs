using BenchmarkDotNet.Running;
using Ifcb.Benchmarks;

// dotnet run -c Release --project bench/Ifcb.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Ifcb.Benchmarks -- train-step-probe <model> <nchw|channels-last|channels-last-weights> [steps]
// dotnet run -c Release --project bench/Ifcb.Benchmarks -- peak --bins DIR --model NAME=FLOAT.onnx[,INT8.onnx][@BINS] ... (bench/classify/peak.sh)
// dotnet run -c Release --project bench/Ifcb.Benchmarks -- hub [--db CONN] [--bins N] ... (bench/hub/run.sh)
if (args.Length > 0 && args[0] == "hub")
{
    await HubBench.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "peak")
{
    await PeakBench.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "train-step-probe")
{
    TrainStepProbe.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
