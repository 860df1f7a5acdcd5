using System.ComponentModel;
using Ifcb.Push;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ifcb.Cli.Commands;

/// <summary>
/// <c>ifcb push RUN --to URL --token T</c>: queues every bin of a classify run in its outbox and sends what the hub does
/// not already have. Resumable: run it again after a failure and it sends only the rest. Exit 1 while bins remain.
/// </summary>
public sealed class PushCommand(IAnsiConsole console, ErrorWriter errors) : Command<PushCommand.Settings>
{
    /// <summary>Options of <c>ifcb push</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The run folder.</summary>
        [CommandArgument(0, "<RUN_FOLDER>")]
        [Description("An `ifcb classify` (or `ifcb watch`) output folder.")]
        public string Run { get; init; } = string.Empty;

        /// <summary>Hub URL.</summary>
        [CommandOption("--to <URL>")]
        [Description("The hub's base URL, e.g. https://hub.example.org.")]
        public string? To { get; init; }

        /// <summary>Token.</summary>
        [CommandOption("--token <TOKEN>")]
        [Description("The hub's bearer token (default: IFCB_HUB_TOKEN).")]
        public string? Token { get; init; }

        /// <summary>Dataset.</summary>
        [CommandOption("--dataset <NAME>")]
        [Description("The hub dataset (default: each bin's instrument, e.g. IFCB123).")]
        public string? Dataset { get; init; }

        /// <summary>Retries.</summary>
        [CommandOption("--retries <N>")]
        [Description("Retries per bin while the hub is unreachable or failing (backoff 1 s doubling to 30 s). Default 5.")]
        [DefaultValue(5)]
        public int Retries { get; init; } = 5;

        /// <inheritdoc/>
        public override ValidationResult Validate()
            => To is null || !Uri.TryCreate(To, UriKind.Absolute, out _) || (Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN")) is null || Retries < 0
                ? ValidationResult.Error("need --to <absolute URL>, --token (or IFCB_HUB_TOKEN) and --retries >= 0")
                : ValidationResult.Success();
    }

    /// <inheritdoc/>
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return PushRun(console, errors, settings.Run, new Uri(settings.To!), settings.Token ?? Environment.GetEnvironmentVariable("IFCB_HUB_TOKEN")!, settings.Dataset, settings.Retries, cancellationToken);
    }

    /// <summary>Pushes every bin of a run folder through its outbox (also `ifcb slurm reduce --push`); the exit code.</summary>
    internal static int PushRun(IAnsiConsole console, ErrorWriter errors, string run, Uri hub, string token, string? dataset, int retries, CancellationToken cancellationToken)
    {
        var payloads = RunFolderReader.Read(run);
        var options = new SenderOptions { MaxRetryAttempts = Math.Max(1, retries), MaxDelay = TimeSpan.FromSeconds(30), CheckServerFirst = true };
        using var outbox = Outbox.Open(Path.Combine(run, Outbox.FileName));
        var queued = payloads.Count(p => outbox.Enqueue(dataset ?? p.Instrument, p));
        using var client = new HubClient(hub, token, options);
        using var sender = new OutboxSender(outbox, client, options);
        var result = sender.DrainAsync(cancellationToken).GetAwaiter().GetResult();
        var state = outbox.State();
        console.WriteLine($"{payloads.Count} bins in the run ({queued} newly queued): {result.Stored} stored, {result.AlreadyStored} already on the hub, {result.Rejected} rejected; {state.Sent} delivered in all, {state.Pending} still queued");
        if (result.StoppedBecause is { } why)
        {
            errors.Writer.WriteLine($"ifcb push: stopped: {why}; run the same command again to send the rest");
        }

        foreach (var (_, bin, status, error) in outbox.Rejected())
        {
            errors.Failure(bin, $"refused by the hub ({status}): {error}");
        }

        return state.Pending > 0 || state.Rejected > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }
}
