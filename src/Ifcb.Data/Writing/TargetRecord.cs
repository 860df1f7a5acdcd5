namespace Ifcb.Data.Writing;

/// <summary>One ADC line to write and its image pixels (empty for a trigger without an image).</summary>
public sealed record TargetRecord(string AdcLine, ReadOnlyMemory<byte> Pixels);
