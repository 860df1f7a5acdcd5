namespace Ifcb.Training.Models;

/// <summary>Creates classifier networks by torchvision name (timm-style registry).</summary>
public static class ModelRegistry
{
    private static readonly (ArchitectureInfo Info, Func<ArchitectureInfo, int, int, ClassifierModule> Factory)[] Entries =
    [
        (new("inception_v3", 299, true, 75), (a, n, c) => new InceptionV3(a, n, c)),
        (new("resnet18", 224, false, 32), (a, n, c) => new ResNet(a, [2, 2, 2, 2], false, n, c)),
        (new("resnet34", 224, false, 32), (a, n, c) => new ResNet(a, [3, 4, 6, 3], false, n, c)),
        (new("resnet50", 224, false, 32), (a, n, c) => new ResNet(a, [3, 4, 6, 3], true, n, c)),
        (new("mobilenet_v3_small", 224, false, 32), (a, n, c) => new MobileNetV3(a, MobileNetV3.Small, n, c)),
        (new("mobilenet_v3_large", 224, false, 32), (a, n, c) => new MobileNetV3(a, MobileNetV3.Large, n, c)),
        (new("efficientnet_b0", 224, false, 32), (a, n, c) => new EfficientNetB0(a, n, c)),
    ];

    /// <summary>Every registered architecture, in registry order.</summary>
    public static IReadOnlyList<ArchitectureInfo> Architectures { get; } = Array.AsReadOnly(Entries.Select(e => e.Info).ToArray());

    /// <summary>The architecture named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not registered; the message lists the known names.</exception>
    public static ArchitectureInfo Get(string name) => Find(name).Info;

    /// <summary>Builds a randomly initialised network for <paramref name="numClasses"/> classes.</summary>
    public static ClassifierModule Create(string name, int numClasses, int inputChannels = 3)
    {
        var entry = Find(name);
        return entry.Factory(entry.Info, numClasses, inputChannels);
    }

    private static (ArchitectureInfo Info, Func<ArchitectureInfo, int, int, ClassifierModule> Factory) Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Info.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        throw new ArgumentException(
            $"Unknown architecture '{name}'. Known: {string.Join(", ", Entries.Select(e => e.Info.Name))}.", nameof(name));
    }
}
