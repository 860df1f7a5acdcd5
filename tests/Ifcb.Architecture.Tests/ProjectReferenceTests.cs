namespace Ifcb.Architecture.Tests;

/// <summary>The dependency rules on the project files: what a build of each project pulls in.</summary>
public sealed class ProjectReferenceTests
{
    private static readonly ProjectGraph Graph = ProjectGraph.Load();

    public static TheoryData<string> TorchFreeProjects() => [.. Rules.TorchFree];

    [Theory]
    [MemberData(nameof(TorchFreeProjects))]
    public void A_classify_only_project_never_pulls_in_Training_or_libtorch(string project)
    {
        var torch = Graph.Closure(project).Where(r => Rules.IsTorch(r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..])).ToList();
        Assert.True(torch.Count == 0, $"{project} reaches {string.Join(", ", torch)}");
    }

    [Fact]
    public void Data_pulls_in_no_machine_learning_and_no_other_project()
    {
        var closure = Graph.Closure("Ifcb.Data");
        var ml = closure.Where(r => Rules.IsMachineLearning(r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..])).ToList();
        Assert.True(ml.Count == 0, $"Ifcb.Data reaches {string.Join(", ", ml)}");
        Assert.DoesNotContain(closure, r => r.StartsWith("project:", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_and_Datasets_pull_in_no_machine_learning()
    {
        foreach (var project in new[] { "Ifcb.Models", "Ifcb.Datasets" })
        {
            var ml = Graph.Closure(project).Where(r => Rules.IsMachineLearning(r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..])).ToList();
            Assert.True(ml.Count == 0, $"{project} reaches {string.Join(", ", ml)}");
        }
    }

    [Fact]
    public void The_graph_sees_transitive_and_native_references()
    {
        // A check that cannot fail proves nothing: the full host must be seen to reach libtorch (a native-only
        // package, through Training) and the classify-only host to reach ONNX Runtime (through Inference).
        Assert.Contains("package:libtorch-cpu-linux-x64", Graph.Closure("Ifcb.Cli"));
        Assert.Contains("project:Ifcb.Training", Graph.Closure("Ifcb.Cli"));
        Assert.Contains("package:Microsoft.ML.OnnxRuntime", Graph.Closure("Ifcb.Cli.Classify"));
        Assert.Contains("project:Ifcb.Data", Graph.Closure("Ifcb.Cli.Classify"));
    }
}
