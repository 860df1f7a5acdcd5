using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Ifcb.Data.Directories;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Models;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Ifcb.Benchmarks;

/// <summary>
/// <c>peak</c>: the machine's GEMM peak through ONNX Runtime (a large float MatMul and a uint8 x int8 MatMulInteger,
/// the kernels behind Conv and QLinearConv, with the session settings classify uses), then classify end to end for
/// each model in float32 and int8: ROIs/s, GFLOP/s (the model's counted multiply-adds x 2 x ROIs/s), % of the peak of
/// the same precision, and the per-stage profile. One run, so the ratios are comparable on a shared machine.
/// <code>
/// peak --bins DIR --model NAME=FLOAT.onnx[,INT8.onnx][@BINS] ... [--gemm 1024] [--spin on|off|both] [--batch 32]
/// </code>
/// <c>@BINS</c> limits a model to its first BINS bins (in time order). <c>bench/classify/peak.sh</c> prepares
/// everything and runs it.
/// </summary>
internal static class PeakBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string[] args)
    {
        string? bins = null;
        var models = new List<(string Name, string Float, string? Int8, int Bins)>();
        var gemm = 1024;
        var batch = 32;
        var spin = "both";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--bins": bins = args[++i]; break;
                case "--gemm": gemm = int.Parse(args[++i], Inv); break;
                case "--batch": batch = int.Parse(args[++i], Inv); break;
                case "--spin": spin = args[++i]; break;
                case "--model":
                    var spec = args[++i];
                    var limit = 0;
                    if (spec.LastIndexOf('@') is var at and > 0)
                    {
                        limit = int.Parse(spec[(at + 1)..], Inv);
                        spec = spec[..at];
                    }

                    var eq = spec.IndexOf('=', StringComparison.Ordinal);
                    var files = spec[(eq + 1)..].Split(',');
                    models.Add((spec[..eq], files[0], files.Length > 1 ? files[1] : null, limit));
                    break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        var threads = Environment.ProcessorCount;
        Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}; {threads} cores; {CpuModel()}");
        Console.WriteLine($"# CPU flags: {CpuFlags()}");
        Console.WriteLine($"# load average at start: {LoadAverage()}");
        Console.WriteLine($"# ONNX Runtime CPU sessions: intra-op threads {threads}, sequential execution; classify: {threads} preprocessing workers, batch {batch}");
        var spins = spin switch { "on" => new[] { true }, "off" => [false], _ => [true, false] };

        var peaks = new Dictionary<(bool Int8, bool Spin), double>();
        foreach (var s in spins)
        {
            peaks[(false, s)] = GemmPeak(gemm, int8: false, threads, s);
            peaks[(true, s)] = GemmPeak(gemm, int8: true, threads, s);
            Console.WriteLine($"peak (spinning {(s ? "on" : "off")}): float32 MatMul {gemm}^3 {peaks[(false, s)]:F1} GFLOP/s; uint8 x int8 MatMulInteger {peaks[(true, s)]:F1} GOP/s");
        }

        if (bins is null || models.Count == 0)
        {
            return;
        }

        var rows = new List<string>();
        var source = new BinRoiSource();
        var all = source.Discover([bins], BinFilter.None, new List<BinFailure>()).OrderBy(b => b.Timestamp).ToList();
        foreach (var (name, floatPath, int8Path, limit) in models)
        {
            var macs = ModelCost.MultiplyAdds(floatPath);
            Console.WriteLine($"## {name}: {macs / 1e9:F3} G multiply-adds per image ({2 * macs / 1e9:F2} GFLOP)");
            var chosen = limit > 0 ? all.Take(limit).ToList() : all;
            foreach (var (label, path) in new[] { ("fp32", floatPath), ("int8", int8Path) })
            {
                if (path is null)
                {
                    continue;
                }

                foreach (var s in spins)
                {
                    // The peak again right before this run, so that the ratio compares two measurements minutes apart at
                    // most on a machine whose load changes; the higher of the two peaks is the reference.
                    var peak = Math.Max(peaks[(label == "int8", s)], GemmPeak(gemm, label == "int8", threads, s));
                    peaks[(label == "int8", s)] = peak;
                    var (rois, elapsed, profile) = await ClassifyAsync(chosen, path, batch, s);
                    var rate = rois / elapsed.TotalSeconds;
                    var gflops = 2.0 * macs * rate / 1e9;
                    var shares = string.Join(" ", Enum.GetValues<Inference.Pipeline.PipelineStage>().Select(st => $"{st.ToString().ToLowerInvariant()} {100 * profile.Share(st):F1}%"));
                    Console.WriteLine($"{name} {label} spin {(s ? "on" : "off")}: {rois} ROIs in {elapsed.TotalSeconds:F1} s = {rate:F2} ROIs/s = {gflops:F1} GFLOP/s = {100 * gflops / peak:F0}% of the {label} peak ({peak:F1}); load {LoadAverage()}");
                    Console.Write(Indent(profile.Format(elapsed)));
                    rows.Add($"| {name} | {label} | {(s ? "on" : "off")} | {rate:F2} | {gflops:F1} | {peak:F1} | {100 * gflops / peak:F0}% | {shares} |");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| model | precision | spinning | ROIs/s | GFLOP/s | peak GFLOP/s (GOP/s int8) | % of peak | busy-time shares |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"# load average at end: {LoadAverage()}");
    }

    private static string Indent(string text) => string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n"));

    private static async Task<(long Rois, TimeSpan Elapsed, Inference.Pipeline.StageProfile Profile)> ClassifyAsync(IReadOnlyList<BinEntry> bins, string model, int batch, bool spin)
    {
        var output = Directory.CreateTempSubdirectory("ifcb-peak-");
        try
        {
            var run = new ClassifyRun(new BinRoiSource(), RoiPreprocessors.For, ScoresFormats.Create);
            var result = await run.RunAsync(
                new ClassifyRequest
                {
                    Inputs = [.. bins.Select(b => b.Path)],
                    ModelPath = model,
                    OutputRoot = output.FullName,
                    Formats = ["csv"],
                    BatchSize = batch,
                    AllowSpinning = spin,
                    Clobber = true,
                },
                null,
                CancellationToken.None);
            return (result.Pipeline.RoisScored, result.Pipeline.Elapsed, result.Pipeline.Profile);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>The best GFLOP/s (GOP/s for int8) of an n x n x n matrix product, over about two seconds of runs.</summary>
    private static double GemmPeak(int n, bool int8, int threads, bool spin)
    {
        var model = GemmModel(n, int8);
        using var options = new EngineSettings { IntraOpThreads = threads, AllowSpinning = spin }.CreateSessionOptions(DeviceSpec.Cpu);
        using var session = new InferenceSession(model, options);
        using var run = new RunOptions();
        var shape = new long[] { n, n };
        using var input = int8
            ? OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n * n).Select(i => (byte)(i * 7 % 251)).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n * n).Select(i => (i % 17) / 17f).ToArray(), shape);
        var best = double.MaxValue;
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (runs < 3 || clock.Elapsed.TotalSeconds < 2)
        {
            var start = Stopwatch.GetTimestamp();
            using (session.Run(run, ["a"], [input], ["y"]))
            {
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            runs++;
        }

        return 2.0 * n * n * n / best / 1e9;
    }

    /// <summary>y = a x b with b a constant: float32 MatMul, or uint8 x int8 MatMulInteger (int32 result).</summary>
    private static byte[] GemmModel(int n, bool int8)
    {
        var graph = new GraphProto { Name = "gemm" };
        var b = new TensorProto { Name = "b", DataType = (int)(int8 ? TensorProto.Types.DataType.Int8 : TensorProto.Types.DataType.Float) };
        b.Dims.Add(n);
        b.Dims.Add(n);
        b.RawData = int8
            ? ByteString.CopyFrom(Enumerable.Range(0, n * n).Select(i => (byte)(sbyte)((i * 13 % 127) - 63)).ToArray())
            : ByteString.CopyFrom(MemoryMarshal.AsBytes(Enumerable.Range(0, n * n).Select(i => ((i * 13 % 101) - 50) / 50f).ToArray().AsSpan()));
        graph.Initializer.Add(b);
        var node = new NodeProto { OpType = int8 ? "MatMulInteger" : "MatMul" };
        node.Input.Add("a");
        node.Input.Add("b");
        if (int8)
        {
            var zero = new TensorProto { Name = "a_zero", DataType = (int)TensorProto.Types.DataType.Uint8, RawData = ByteString.CopyFrom([128]) };
            graph.Initializer.Add(zero);
            node.Input.Add("a_zero");
        }

        node.Output.Add("y");
        graph.Node.Add(node);
        graph.Input.Add(Value("a", int8 ? TensorProto.Types.DataType.Uint8 : TensorProto.Types.DataType.Float, n));
        graph.Output.Add(Value("y", int8 ? TensorProto.Types.DataType.Int32 : TensorProto.Types.DataType.Float, n));
        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, int n)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = n });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    private static string CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
        : RuntimeInformation.ProcessArchitecture.ToString();

    private static string CpuFlags()
    {
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) : null;
        var flags = line?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet() ?? [];
        string[] wanted = ["avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8"];
        return string.Join(" ", wanted.Select(f => flags.Contains(f) ? f : "no-" + f));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
