namespace Ifcb.Cli;

/// <summary>A command-line mistake found after parsing (a bad value, a missing input): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
