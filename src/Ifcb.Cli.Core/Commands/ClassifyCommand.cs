using Ifcb.Data;
using Ifcb.Inference.Engine;
using Ifcb.Inference.Outputs;
using Ifcb.Inference.Pipeline;
using Ifcb.Inference.Preprocessing;
using Ifcb.Inference.Runs;
using Ifcb.Inference.Sources;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb classify</c>: runs a model over bins and writes per-bin class scores (v3 h5 / CSV / Parquet), a run
/// summary and a failures report. Exit 1 when some bins failed (each named on stderr).
/// </summary>
public sealed class ClassifyCommand(IAnsiConsole console, ErrorWriter errors) : Command<ClassifySettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ClassifySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ClassifyRequest request;
        try
        {
            var shard = settings.WithPlan(settings.ShardSpecOrNull() ?? ShardSpec.All);
            request = new ClassifyRequest
            {
                Inputs = settings.Inputs,
                ModelPath = settings.Model!,
                OutputRoot = Path.GetFullPath(settings.Out!),
                Formats = settings.Formats,
                BatchSize = settings.Batch,
                Devices = DeviceSpec.ParseList(settings.Device),
                Shard = shard,
                Filter = settings.ToFilter(),
                Clobber = settings.Clobber,
                Embeddings = settings.Embeddings,
                PreprocessWorkers = settings.Workers,
                Precision = settings.Precision == "fp16" ? ModelPrecision.Fp16 : ModelPrecision.Fp32,
                PreprocessInSession = settings.Preprocess == "onnx",
                Correction = settings.Correct,
                EstimatesPath = settings.Estimates,
                ValidatedPath = settings.Validated,
                CorrectionBootstrap = settings.CorrectBootstrap,
                CorrectionWindow = CorrectionSetup.ParseWindow(settings.CorrectWindow),
                MinSupport = settings.MinSupport,
            };
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or IfcbDataException)
        {
            throw new UsageException(ex.Message);
        }

        // --push: each bin is queued in the run's outbox as it completes and sent in the background (docs/edge.md).
        var push = settings.Push is null ? null : new Ifcb.Edge.PushSession(request.OutputRoot, new Uri(settings.Push), settings.Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN")!, settings.Dataset);
        request = push is null ? request : request with { BinCompleted = (s, m, r) => push.Enqueue(s, m.Labels, m.Thresholds, m.ModelId, r.ModelSha256) };
        using var pushing = new Ifcb.Edge.PushFinisher(push, line => console.WriteLine(line));
        var run = new ClassifyRun(new BinRoiSource(), RoiPreprocessors.For, ScoresFormats.Create);
        var progress = new ThrottledProgress(console);
        ClassifyRunResult result;
        try
        {
            result = run.RunAsync(request, progress, cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IfcbDataException or InvalidOperationException or ArgumentException)
        {
            // The model, the output folder or the device is unusable: nothing was classified.
            throw new UsageException(ex.Message);
        }

        var p = result.Pipeline;
        console.WriteLine(
            $"{result.BinsInShard} bins{(request.Shard.IsSplit ? $" in shard {request.Shard.Index}/{request.Shard.Count}" : string.Empty)}: " +
            $"{p.BinsClassified} classified, {p.BinsSkipped} already done, {p.Failures.Count} failed; " +
            $"{p.RoisScored} ROIs in {p.Elapsed.TotalSeconds:F1} s ({(p.Elapsed.TotalSeconds > 0 ? p.RoisScored / p.Elapsed.TotalSeconds : 0):F1} ROIs/s); model {result.Model.ModelId}");
        if (settings.Profile)
        {
            console.Write(new Text(p.Profile.Format(p.Elapsed)));
        }

        foreach (var note in result.Notes ?? [])
        {
            console.WriteLine(note);
        }

        foreach (var failure in p.Failures)
        {
            errors.Failure(failure.Bin, $"{failure.File}: {failure.Reason}");
        }

        return p.Failures.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    /// <summary>Prints progress at most every two seconds (the pipeline reports once per bin).</summary>
    private sealed class ThrottledProgress(IAnsiConsole console) : IProgress<ClassifyProgress>
    {
        private DateTime _last = DateTime.MinValue;

        public void Report(ClassifyProgress value)
        {
            var now = DateTime.UtcNow;
            if (now - _last >= TimeSpan.FromSeconds(2) || value.BinsDone == value.BinsTotal)
            {
                _last = now;
                console.WriteLine(value.ToString());
            }
        }
    }
}
