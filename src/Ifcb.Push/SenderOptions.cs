namespace Ifcb.Push;

/// <summary>How the sender retries. Defaults suit a link that comes and goes: backoff to a minute, jittered.</summary>
public sealed record SenderOptions
{
    /// <summary>Retries of one push before it is given up for this round (it stays queued).</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>The first retry delay (doubles each retry, with jitter).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Ask the hub first (GET) and skip what it already has: resumable pushes of whole runs.</summary>
    public bool CheckServerFirst { get; init; }
}
