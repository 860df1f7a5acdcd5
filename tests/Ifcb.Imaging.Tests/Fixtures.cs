namespace Ifcb.Imaging.Tests;

/// <summary>Paths of the real IFCB fixture images copied beside the test binaries.</summary>
internal static class Fixtures
{
    public static string TrainingData => Path.Combine(AppContext.BaseDirectory, "data", "ifcb", "ifcb-pytorch-classify", "training_data");

    public static string FirstPng => Directory.EnumerateFiles(Path.Combine(TrainingData, "Mesodinium_major"), "*.png").Order(StringComparer.Ordinal).First();

    public static IEnumerable<string> AllPngs => Directory.EnumerateFiles(TrainingData, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
