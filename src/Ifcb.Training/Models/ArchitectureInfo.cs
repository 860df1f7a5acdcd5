namespace Ifcb.Training.Models;

/// <summary>Static facts about one registered architecture.</summary>
/// <param name="Name">Registry name (torchvision's, e.g. <c>resnet18</c>).</param>
/// <param name="DefaultInputSize">Square input side the architecture was designed for.</param>
/// <param name="HasAuxLogits">Whether training also produces auxiliary logits (inception_v3; loss weight 0.4).</param>
/// <param name="MinInputSize">Smallest square input side the network accepts.</param>
public sealed record ArchitectureInfo(string Name, int DefaultInputSize, bool HasAuxLogits, int MinInputSize);
