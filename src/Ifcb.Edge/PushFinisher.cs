namespace Ifcb.Edge;

/// <summary>
/// Ends a command's <see cref="PushSession"/> when disposed: a last drain of up to 20 s, then one line saying what
/// was sent and what stays queued (and the command that sends it later). Nothing happens without a session.
/// </summary>
public sealed class PushFinisher(PushSession? session, Action<string> log) : IDisposable
{
    /// <summary>How long the last drain may take.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (session is null)
        {
            return;
        }

        var state = session.FinishAsync(Wait).GetAwaiter().GetResult();
        var path = session.Outbox.Path;
        session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var line = $"push: {state.Sent} bins delivered, {state.Pending} queued, {state.Rejected} rejected (outbox {path})"
            + (state.Pending > 0 ? $"; `ifcb push {Path.GetDirectoryName(path)} --to URL --token T` sends the rest" + (state.LastError is null ? string.Empty : $"; last error: {state.LastError}") : string.Empty);
        log(line);
    }
}
