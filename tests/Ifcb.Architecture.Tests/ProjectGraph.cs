using System.Xml.Linq;

namespace Ifcb.Architecture.Tests;

/// <summary>
/// The repository's projects as their .csproj files declare them: project references and package references,
/// followed transitively. Read from the source tree, so a reference that no code uses yet (or a native-only package
/// such as libtorch, which no assembly references) is still seen.
/// </summary>
internal sealed class ProjectGraph
{
    private readonly Dictionary<string, (IReadOnlyList<string> Projects, IReadOnlyList<string> Packages)> _projects = new(StringComparer.Ordinal);

    private ProjectGraph(string root)
    {
        Root = root;
        foreach (var file in Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var xml = XDocument.Load(file);
            var dir = Path.GetDirectoryName(file)!;
            var projects = xml.Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(Path.GetFullPath(Path.Combine(dir, (string)e.Attribute("Include")!))))
                .ToList();
            var packages = xml.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToList();
            _projects[Path.GetFileNameWithoutExtension(file)] = (projects, packages);
        }
    }

    /// <summary>The repository root (the folder holding Ifcb.slnx).</summary>
    public string Root { get; }

    /// <summary>Every project name found.</summary>
    public IEnumerable<string> Projects => _projects.Keys;

    /// <summary>Loads the graph of the repository these tests were built from.</summary>
    public static ProjectGraph Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ifcb.slnx")))
        {
            dir = dir.Parent;
        }

        return new ProjectGraph(dir?.FullName ?? throw new InvalidOperationException("Ifcb.slnx not found above the test binaries"));
    }

    /// <summary>
    /// Everything <paramref name="project"/> pulls into a build, transitively: "project:Name" for projects and
    /// "package:Name" for packages.
    /// </summary>
    public IReadOnlySet<string> Closure(string project)
    {
        if (!_projects.ContainsKey(project))
        {
            throw new ArgumentException($"no project {project} in {Root}", nameof(project));
        }

        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var name))
        {
            var (projects, packages) = _projects[name];
            foreach (var package in packages)
            {
                seen.Add($"package:{package}");
            }

            foreach (var reference in projects)
            {
                if (seen.Add($"project:{reference}"))
                {
                    queue.Enqueue(reference);
                }
            }
        }

        return seen;
    }
}
