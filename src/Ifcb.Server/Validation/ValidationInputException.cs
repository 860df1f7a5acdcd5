namespace Ifcb.Server.Validation;

/// <summary>A validation request that cannot be carried out (unknown ROI, bad class name...): answered 400 with the message.</summary>
public sealed class ValidationInputException(string message) : Exception(message);
