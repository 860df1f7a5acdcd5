using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Xunit.Abstractions;

namespace Ifcb.Edge.Tests;

/// <summary>
/// The classify-only build (issue 17): <c>src/Ifcb.Cli.Classify</c> (<c>ifcb-classify</c>) published self-contained
/// for linux-x64 and linux-arm64 (a Jetson's CPU) by <c>dotnet publish</c>, as an instrument box would get it. The x64
/// one is run (help and a real classify of a fixture bin); the arm64 one cannot run here, so its natives are checked
/// to be aarch64 ELF files and every managed assembly is checked to load and to resolve what it references inside the
/// published folder. Neither may carry TorchSharp or libtorch. The sizes go to the test output
/// (<c>dotnet test ... --logger "console;verbosity=detailed"</c>). The publish restores the runtime packs for the RID
/// (Microsoft.NETCore.App.Runtime.linux-arm64, the arm64 apphost, ONNX Runtime's arm64 native) from NuGet. The RID is
/// given as <c>IfcbArtefactRid</c>, not <c>-r</c>, and the host's obj/bin go to a temp folder (<c>IfcbArtefactDir</c>):
/// see src/Ifcb.Cli.Classify/Ifcb.Cli.Classify.csproj.
/// </summary>
public sealed class ClassifyOnlyArtefactTests(ITestOutputHelper log) : IDisposable
{
    private const ushort ElfX64 = 62;
    private const ushort ElfAarch64 = 183;

    /// <summary>A loud limit, not a target: 131 MB on 2026-12-04; a new dependency that balloons it should be noticed.</summary>
    private const long MaxBytes = 200L * 1024 * 1024;

    /// <summary>
    /// References known to be absent, with the reason. Spectre.Console.Cli 0.57.2 references NJsonSchema (for an
    /// optional JSON-schema feature we never call) without declaring the package: the same in the x64 build, which
    /// runs help and classify.
    /// </summary>
    private static readonly Dictionary<string, string> KnownAbsent = new(StringComparer.OrdinalIgnoreCase) { ["NJsonSchema"] = "Spectre.Console.Cli" };

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-artefact-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    [Trait("Category", "Reference")] // the tiny ONNX model is written by Debian's python3-onnx
    public void Linux_x64_publish_runs_help_and_classifies_a_fixture_bin_without_libtorch()
    {
        var output = Publish("linux-x64");
        CheckNoTorch(output);
        Assert.Equal(ElfX64, ElfMachine(Path.Combine(output, "ifcb-classify")));
        Assert.Equal(ElfX64, ElfMachine(Path.Combine(output, "libonnxruntime.so")));

        var (code, stdout) = Run(Path.Combine(output, "ifcb-classify"), "--help");
        Assert.True(code == 0, stdout);
        Assert.Contains("classify", stdout, StringComparison.Ordinal);
        Assert.Contains("watch", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" train ", stdout, StringComparison.Ordinal);

        var bins = Path.Combine(_temp.FullName, "bins");
        var lid = Path.GetFileName(CopyFixtureBin("ifcb-pytorch-classify/bins/D20220519T124533_IFCB134", bins));
        var model = Ifcb.Testing.TinyOnnxModel.Write(_temp.FullName);
        var run = Path.Combine(_temp.FullName, "run");
        (code, stdout) = Run(Path.Combine(output, "ifcb-classify"), "classify", bins, "--model", model, "--out", run);
        Assert.True(code == 0, stdout);
        Assert.Contains(lid, File.ReadAllText(Path.Combine(run, "summary.csv")), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(run, lid + "_class.h5", SearchOption.AllDirectories));
        Report("linux-x64", output);
    }

    [Fact]
    public void Linux_arm64_publish_is_aarch64_without_libtorch_and_every_managed_assembly_loads_and_resolves()
    {
        var output = Publish("linux-arm64");
        CheckNoTorch(output);
        Assert.Equal(ElfAarch64, ElfMachine(Path.Combine(output, "ifcb-classify")));
        Assert.Equal(ElfAarch64, ElfMachine(Path.Combine(output, "libonnxruntime.so")));
        var natives = Directory.GetFiles(output, "*.so", SearchOption.AllDirectories);
        Assert.Contains(natives, f => Path.GetFileName(f) == "libcoreclr.so");
        Assert.All(natives, f => Assert.True(ElfMachine(f) == ElfAarch64, $"{Path.GetFileName(f)} is not aarch64 (e_machine {ElfMachine(f)})"));

        var problems = MetadataProblems(output);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        problems = LoadProblems(output);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Report("linux-arm64", output);
    }

    private string Publish(string rid)
    {
        var output = Path.Combine(_temp.FullName, rid);
        var project = Path.Combine(RepoRoot(), "src", "Ifcb.Cli.Classify", "Ifcb.Cli.Classify.csproj");
        var clock = Stopwatch.StartNew();
        var (code, text) = Run("dotnet", "publish", project, "-c", "Release", "-o", output, "-nologo", "-nodeReuse:false", "-v:m",
            $"-p:IfcbArtefactRid={rid}", $"-p:IfcbArtefactDir={Path.Combine(_temp.FullName, "build")}");
        Assert.True(code == 0, $"dotnet publish -r {rid} failed:\n{text}");
        log.WriteLine($"published {rid} in {clock.Elapsed.TotalSeconds:F0} s");
        return output;
    }

    private void Report(string rid, string output)
    {
        var bytes = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var onnx = new FileInfo(Path.Combine(output, "libonnxruntime.so")).Length;
        log.WriteLine($"ifcb-classify {rid}, self-contained: {bytes / 1e6:F0} MB ({Directory.GetFiles(output, "*", SearchOption.AllDirectories).Length} files; libonnxruntime.so {onnx / 1e6:F0} MB)");
        Assert.True(bytes < MaxBytes, $"the {rid} artefact is {bytes / 1e6:F0} MB, more than the {MaxBytes / 1e6:F0} MB limit");
    }

    private static void CheckNoTorch(string output)
    {
        var torch = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Where(n => n!.Contains("torch", StringComparison.OrdinalIgnoreCase) || n.StartsWith("libc10", StringComparison.Ordinal)).ToList();
        Assert.True(torch.Count == 0, "TorchSharp/libtorch in the classify-only artefact: " + string.Join(", ", torch));
    }

    /// <summary>e_machine of an ELF file (offset 18, little-endian), after checking the magic and 64-bit class.</summary>
    private static ushort ElfMachine(string path)
    {
        var header = new byte[20];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.True(header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F', $"{path} is not an ELF file");
        Assert.Equal(2, header[4]); // ELFCLASS64
        Assert.Equal(1, header[5]); // little-endian
        return BitConverter.ToUInt16(header, 18);
    }

    /// <summary>
    /// The managed assemblies the app can reach, read as metadata from ifcb-classify.dll through every assembly
    /// reference: each referenced assembly is in the folder (same or newer version), and each referenced type is
    /// defined there (following type forwarders). Only the reachable closure: the runtime pack's own compatibility
    /// facades (System.Drawing.dll and the like) name Windows-only packages that no app here loads.
    /// </summary>
    private static List<string> MetadataProblems(string folder)
    {
        var assemblies = new Dictionary<string, (Version Version, HashSet<string> Types, Dictionary<string, string> Forwards)>(StringComparer.OrdinalIgnoreCase);
        var readers = new Dictionary<string, (string File, PEReader Pe)>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var file in Directory.GetFiles(folder, "*.dll"))
            {
                var pe = new PEReader(File.OpenRead(file));
                if (!pe.HasMetadata)
                {
                    pe.Dispose();
                    continue;
                }

                var md = pe.GetMetadataReader();
                var types = new HashSet<string>(StringComparer.Ordinal);
                foreach (var handle in md.TypeDefinitions)
                {
                    types.Add(TypeName(md, handle));
                }

                var forwards = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var handle in md.ExportedTypes)
                {
                    var exported = md.GetExportedType(handle);
                    if (exported.IsForwarder)
                    {
                        var target = md.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation);
                        forwards[Join(md.GetString(exported.Namespace), md.GetString(exported.Name))] = md.GetString(target.Name);
                    }
                }

                var definition = md.GetAssemblyDefinition();
                assemblies[md.GetString(definition.Name)] = (definition.Version, types, forwards);
                readers[md.GetString(definition.Name)] = (file, pe);
            }

            Assert.Contains("ifcb-classify", assemblies.Keys);
            Assert.Contains("System.Private.CoreLib", assemblies.Keys);
            Assert.Contains("Microsoft.ML.OnnxRuntime", assemblies.Keys);
            var problems = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ifcb-classify" };
            var queue = new Queue<string>(seen);
            while (queue.TryDequeue(out var current))
            {
                var (file, pe) = readers[current];
                var md = pe.GetMetadataReader();
                var self = Path.GetFileName(file);
                foreach (var handle in md.AssemblyReferences)
                {
                    var reference = md.GetAssemblyReference(handle);
                    var name = md.GetString(reference.Name);
                    if (KnownAbsent.TryGetValue(name, out var referrer) && referrer == current)
                    {
                        continue;
                    }

                    if (!assemblies.TryGetValue(name, out var target))
                    {
                        problems.Add($"{self}: references {name} {reference.Version}, which is not in the folder");
                        continue;
                    }

                    if (seen.Add(name))
                    {
                        queue.Enqueue(name);
                    }

                    if (target.Version < reference.Version)
                    {
                        problems.Add($"{self}: references {name} {reference.Version}, the folder has {target.Version}");
                    }
                }

                foreach (var handle in md.TypeReferences)
                {
                    var (scope, name) = Outermost(md, handle);
                    if (scope is null || (KnownAbsent.TryGetValue(scope, out var referrer) && referrer == current))
                    {
                        continue;
                    }

                    // Follow forwarders (at most a few hops) to the assembly that defines the type.
                    var where = scope;
                    for (var hop = 0; hop < 8 && assemblies.TryGetValue(where, out var a) && !a.Types.Contains(name); hop++)
                    {
                        var outer = name.Split('/')[0];
                        if (!a.Forwards.TryGetValue(outer, out var next))
                        {
                            break;
                        }

                        where = next;
                        if (assemblies.ContainsKey(where) && seen.Add(where))
                        {
                            queue.Enqueue(where);
                        }
                    }

                    if (!assemblies.TryGetValue(where, out var found) || !found.Types.Contains(name))
                    {
                        problems.Add($"{self}: type {name} from {scope} is not found");
                    }
                }
            }

            Assert.Contains("Microsoft.ML.OnnxRuntime", seen);
            Assert.True(seen.Count > 50, $"only {seen.Count} assemblies reached");
            return problems;
        }
        finally
        {
            foreach (var (_, pe) in readers.Values)
            {
                pe.Dispose();
            }
        }
    }

    /// <summary>The assembly a type reference resolves in, and its full name (nested types as Outer/Inner); null scope for module-local references.</summary>
    private static (string? Scope, string Name) Outermost(MetadataReader md, TypeReferenceHandle handle)
    {
        var reference = md.GetTypeReference(handle);
        var name = Join(md.GetString(reference.Namespace), md.GetString(reference.Name));
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                return (md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name), name);
            case HandleKind.TypeReference:
                var (scope, outer) = Outermost(md, (TypeReferenceHandle)reference.ResolutionScope);
                return (scope, outer + "/" + md.GetString(reference.Name));
            default:
                return (null, name);
        }
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Join(md.GetString(type.Namespace), md.GetString(type.Name))
            : TypeName(md, declaring) + "/" + md.GetString(type.Name);
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>
    /// Loads every managed assembly of the folder that is not part of .NET itself (ours and the packages': IL, the
    /// same on every CPU) into a collectible context on this x64 machine, .NET's own assemblies coming from the running
    /// runtime, and loads all of their types and referenced assemblies: a missing or mismatched dependency fails here
    /// as it would on the Jetson. The host ifcb-classify.dll is marked ARM64 (an exe built for the RID), so x64 cannot
    /// load it: it is checked as metadata only (above), and here to be the only such file with an entry point.
    /// </summary>
    private static List<string> LoadProblems(string folder)
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var own = Directory.GetFiles(folder, "*.dll")
            .Where(f => !File.Exists(Path.Combine(runtime, Path.GetFileName(f))) && PeMachine(f) is not null)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);
        var armOnly = own.Where(kv => PeMachine(kv.Value) == Machine.Arm64).Select(kv => kv.Key).ToList();
        Assert.Equal(["ifcb-classify"], armOnly);
        Assert.True(own.Count > 20, $"only {own.Count} managed assemblies besides .NET's");
        var context = new FolderContext(own);
        var problems = new List<string>();
        try
        {
            foreach (var (name, path) in own.Where(kv => !armOnly.Contains(kv.Key)))
            {
                try
                {
                    var assembly = context.LoadFromAssemblyPath(path);
                    _ = assembly.GetTypes();
                    foreach (var reference in assembly.GetReferencedAssemblies().Where(r => !(KnownAbsent.TryGetValue(r.Name!, out var referrer) && referrer == name)))
                    {
                        context.LoadFromAssemblyName(reference);
                    }
                }
                catch (ReflectionTypeLoadException ex)
                {
                    var messages = ex.LoaderExceptions.Select(e => e?.Message ?? "").Where(m => !KnownMissing(name, m)).Distinct().ToList();
                    if (messages.Count > 0)
                    {
                        problems.Add($"{name}: " + string.Join("; ", messages.Take(5)));
                    }
                }
                catch (Exception ex) when ((ex is FileNotFoundException or FileLoadException or BadImageFormatException) && !KnownMissing(name, ex.Message))
                {
                    problems.Add($"{name}: {ex.Message}");
                }
            }
        }
        finally
        {
            context.Unload();
        }

        return problems;
    }

    private static bool KnownMissing(string assembly, string message)
        => KnownAbsent.Any(kv => kv.Value == assembly && message.Contains($"'{kv.Key},", StringComparison.Ordinal));

    /// <summary>The PE machine of a managed assembly (I386 for IL that runs anywhere), or null for a native file.</summary>
    private static Machine? PeMachine(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.HasMetadata ? pe.PEHeaders.CoffHeader.Machine : null;
    }

    private sealed class FolderContext(Dictionary<string, string> own) : AssemblyLoadContext("ifcb-classify-arm64", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
            => name.Name is { } n && own.TryGetValue(n, out var path) ? LoadFromAssemblyPath(path) : null;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ifcb.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ifcb.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string CopyFixtureBin(string relativeBase, string directory)
    {
        Directory.CreateDirectory(directory);
        var source = Path.Combine(RepoRoot(), "tests", "data", "ifcb", relativeBase);
        foreach (var ext in new[] { ".hdr", ".adc", ".roi" })
        {
            File.Copy(source + ext, Path.Combine(directory, Path.GetFileName(source) + ext));
        }

        return Path.Combine(directory, Path.GetFileName(source));
    }

    /// <summary>
    /// Runs a program with its output in a file (not a pipe: a compiler server started by a build would hold a pipe
    /// open long after the build ends), at most 15 minutes, and returns the exit code and the output.
    /// </summary>
    private (int Code, string Output) Run(string program, params string[] args)
    {
        var logFile = Path.Combine(_temp.FullName, $"run-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; exec \"$@\" >\"$log\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(logFile);
        start.ArgumentList.Add(program);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // A build started from inside `dotnet test` must not inherit the outer MSBuild's settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, "timed out after 15 minutes\n" + File.ReadAllText(logFile));
        }

        return (process.ExitCode, File.ReadAllText(logFile));
    }
}
