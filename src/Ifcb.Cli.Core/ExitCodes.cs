namespace Ifcb.Cli;

/// <summary>The process exit codes every command follows.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some inputs (bins, images) failed; each is named on stderr.</summary>
    public const int SomeFailed = 1;

    /// <summary>The command line was wrong: unknown command or option, bad value, missing argument.</summary>
    public const int Usage = 2;
}
