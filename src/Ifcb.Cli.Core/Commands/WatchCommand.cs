using System.ComponentModel;
using Ifcb.Edge;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary><c>ifcb watch</c>: classify an instrument's bins as they complete and send the counts home (docs/edge.md).</summary>
public sealed class WatchCommand(IAnsiConsole console) : Command<WatchCommand.Settings>
{
    /// <summary>Options of <c>ifcb watch</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The data folder.</summary>
        [CommandArgument(0, "<DATA_DIR>")]
        [Description("The instrument's data folder (watched recursively).")]
        public string DataDir { get; init; } = string.Empty;

        /// <summary>The model.</summary>
        [CommandOption("--model <MODEL>")]
        [Description("A training run folder, our model.onnx, or a WHOI-style .onnx with its .classes file (the int8 model suits small machines).")]
        public string? Model { get; init; }

        /// <summary>The output root.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Output root: as `ifcb classify --out`, plus outbox.sqlite, status.json, abandoned.csv.")]
        public string? Out { get; init; }

        /// <summary>Formats.</summary>
        [CommandOption("--format <FORMATS>")]
        [Description("Comma list of h5 (default), csv, parquet.")]
        [DefaultValue("h5")]
        public string Format { get; init; } = "h5";

        /// <summary>Hub URL.</summary>
        [CommandOption("--push <URL>")]
        [Description("Push each bin's counts to this hub, through the outbox (retried with backoff while the link is down).")]
        public string? Push { get; init; }

        /// <summary>Token.</summary>
        [CommandOption("--token <TOKEN>")]
        [Description("The hub's bearer token (default: IFCB_HUB_TOKEN).")]
        public string? Token { get; init; }

        /// <summary>Dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("The hub dataset (default: the bin's instrument, e.g. IFCB123).")]
        public string? Dataset { get; init; }

        /// <summary>Telemetry.</summary>
        [CommandOption("--telemetry <TARGET>")]
        [Description("TARGET = DIR: spool each bin's SBD message (<= 340 bytes) as DIR/{bin}.sbd; TARGET = exec:CMD: run CMD FILE for each (the modem's own tool).")]
        public string? Telemetry { get; init; }

        /// <summary>Settle seconds.</summary>
        [CommandOption("--settle <SECONDS>")]
        [Description("A bin is complete when its three files have not changed for this long (default 10).")]
        [DefaultValue(10.0)]
        public double Settle { get; init; } = 10;

        /// <summary>Abandon seconds.</summary>
        [CommandOption("--abandon-after <SECONDS>")]
        [Description("An incomplete bin unchanged for this long is reported in abandoned.csv and skipped (default 3600).")]
        [DefaultValue(3600.0)]
        public double AbandonAfter { get; init; } = 3600;

        /// <summary>Rescan seconds.</summary>
        [CommandOption("--rescan <SECONDS>")]
        [Description("Full rescan period, for dropped events and network mounts (default 60).")]
        [DefaultValue(60.0)]
        public double Rescan { get; init; } = 60;

        /// <summary>Oldest first.</summary>
        [CommandOption("--oldest-first")]
        [Description("Catch a backlog up oldest first (default: newest first).")]
        public bool OldestFirst { get; init; }

        /// <summary>Minimum free space.</summary>
        [CommandOption("--min-free-mb <MB>")]
        [Description("Below this free space on the output disk, stop writing scores (counts still go out). Default 2048.")]
        [DefaultValue(2048L)]
        public long MinFreeMb { get; init; } = 2048;

        /// <summary>Devices.</summary>
        [CommandOption("--device <DEVICES>")]
        [Description("cpu (default), cuda or tensorrt (the GPU build, e.g. on a Jetson: docs/edge.md).")]
        [DefaultValue("cpu")]
        public string Device { get; init; } = "cpu";

        /// <summary>Batch.</summary>
        [CommandOption("--batch <N>")]
        [Description("ROIs per batch.")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        /// <summary>Workers.</summary>
        [CommandOption("--workers <N>")]
        [Description("Preprocessing workers (default: one per core).")]
        public int Workers { get; init; }

        /// <summary>Chunk.</summary>
        [CommandOption("--chunk <N>")]
        [Description("Bins per pass of a backlog; new bins are looked for between passes (default 16).")]
        [DefaultValue(16)]
        public int Chunk { get; init; } = 16;

        /// <summary>Once.</summary>
        [CommandOption("--once")]
        [Description("Exit when nothing is left being written (catch up a backlog, then stop).")]
        public bool Once { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--model and --out are required");
            }

            if (Push is not null && (!Uri.TryCreate(Push, UriKind.Absolute, out _) || (Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN")) is null))
            {
                return ValidationResult.Error("--push needs an absolute URL and a --token (or IFCB_HUB_TOKEN)");
            }

            return Settle < 0 || AbandonAfter <= Settle || Rescan <= 0 || Chunk < 1 || Batch < 1 || Workers < 0
                ? ValidationResult.Error("need --settle >= 0, --abandon-after > --settle, --rescan > 0, --chunk >= 1, --batch >= 1, --workers >= 0")
                : ValidationResult.Success();
        }
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new WatchOptions
        {
            DataDirectory = settings.DataDir,
            ModelPath = settings.Model!,
            OutputRoot = settings.Out!,
            Formats = settings.Format.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Settle = TimeSpan.FromSeconds(settings.Settle),
            AbandonAfter = TimeSpan.FromSeconds(settings.AbandonAfter),
            Rescan = TimeSpan.FromSeconds(settings.Rescan),
            NewestFirst = !settings.OldestFirst,
            Hub = settings.Push is null ? null : new Uri(settings.Push),
            Token = settings.Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN"),
            Dataset = settings.Dataset,
            Telemetry = settings.Telemetry,
            MinFreeBytes = settings.MinFreeMb << 20,
            BatchSize = settings.Batch,
            Device = settings.Device,
            Workers = settings.Workers,
            Once = settings.Once,
            ChunkSize = settings.Chunk,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var watcher = new EdgeWatcher(options, line => console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}"));
        try
        {
            watcher.RunAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.WriteLine("watch: stopped");
        }
        catch (Exception ex) when (ex is Ifcb.Data.IfcbDataException or ArgumentException or FormatException or DirectoryNotFoundException or InvalidOperationException)
        {
            throw new UsageException(ex.Message);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return ExitCodes.Success;
    }
}
