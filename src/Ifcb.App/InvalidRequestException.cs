namespace Ifcb.App;

/// <summary>
/// A workflow was asked for something that cannot be done as asked (for example quantizing a model that already is).
/// Hosts map it to their own "bad request": the CLI to a usage error, a server to HTTP 400.
/// </summary>
public sealed class InvalidRequestException(string message) : Exception(message);
