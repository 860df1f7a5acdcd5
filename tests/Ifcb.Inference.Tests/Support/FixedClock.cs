namespace Ifcb.Inference.Tests.Support;

/// <summary>A clock that says what the test wants.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
