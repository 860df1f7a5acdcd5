using System.Reflection;

namespace Ifcb.Architecture.Tests;

/// <summary>
/// The dependency rules on the compiled assemblies: what the code really references, followed through the
/// repository's own assemblies (Ifcb.*, ifcb-*).
/// </summary>
public sealed class AssemblyReferenceTests
{
    public static TheoryData<string> TorchFreeAssemblies() =>
        [.. Rules.TorchFree.Select(p => p == "Ifcb.Cli.Classify" ? "ifcb-classify" : p)];

    [Theory]
    [MemberData(nameof(TorchFreeAssemblies))]
    public void A_classify_only_assembly_never_references_Training_or_TorchSharp(string assembly)
    {
        var torch = References(assembly).Where(Rules.IsTorch).ToList();
        Assert.True(torch.Count == 0, $"{assembly} references {string.Join(", ", torch)}");
    }

    [Fact]
    public void Data_references_nothing_but_the_base_library()
    {
        var others = References("Ifcb.Data").Where(n => !IsBaseLibrary(n)).ToList();
        Assert.True(others.Count == 0, $"Ifcb.Data references {string.Join(", ", others)}");
    }

    [Fact]
    public void The_walk_follows_references_through_the_repository_assemblies()
    {
        // ifcb-classify itself only names Ifcb.Cli.Core; ONNX Runtime is found two and three steps further.
        var references = References("ifcb-classify");
        Assert.Contains("Ifcb.Inference", references);
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.Contains("Ifcb.Data", references);
    }

    private static bool IsBaseLibrary(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    private static bool IsOurs(string name) => name.StartsWith("Ifcb.", StringComparison.Ordinal) || name.StartsWith("ifcb", StringComparison.Ordinal);

    /// <summary>Every assembly name reachable from <paramref name="assembly"/> through our own assemblies.</summary>
    private static SortedSet<string> References(string assembly)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([assembly]);
        while (queue.TryDequeue(out var name))
        {
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                if (reference.Name is { } n && seen.Add(n) && IsOurs(n))
                {
                    queue.Enqueue(n);
                }
            }
        }

        return seen;
    }
}
