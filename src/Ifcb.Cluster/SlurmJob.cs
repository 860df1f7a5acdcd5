using System.Text.Json;
using System.Text.Json.Serialization;
using Ifcb.Data;
using Ifcb.Data.IO;

namespace Ifcb.Cluster;

/// <summary>
/// What <c>ifcb slurm classify</c> set up, saved as <c>DIR/slurm/job.json</c> so that <c>resume</c> and <c>reduce</c>
/// work from the output folder alone. Every path is absolute: the jobs run with another working directory, on
/// other nodes, possibly long after the submitting checkout moved.
/// </summary>
public sealed record SlurmJob
{
    /// <summary>The sub-folder of the output folder that holds the job's files.</summary>
    public const string Folder = "slurm";

    /// <summary>The archive: folders, bins, list files or globs (absolute).</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The model (absolute).</summary>
    public required string Model { get; init; }

    /// <summary>The shared output folder (absolute).</summary>
    public required string Out { get; init; }

    /// <summary>Number of array tasks (= shards).</summary>
    public required int Tasks { get; init; }

    /// <summary>Output formats, e.g. <c>h5</c>.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ["h5"];

    /// <summary>The <c>--device</c> of each task.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The command that runs ifcb on the nodes, e.g. <c>[/usr/bin/dotnet, /opt/ifcb/ifcb.dll]</c>.</summary>
    public required IReadOnlyList<string> Ifcb { get; init; }

    /// <summary>Resources per task.</summary>
    public SlurmResources Resources { get; init; } = new();

    /// <summary>The job's own folder.</summary>
    [JsonIgnore]
    public string JobFolder => Path.Combine(Out, Folder);

    /// <summary>The shard plan.</summary>
    [JsonIgnore]
    public string PlanPath => Path.Combine(JobFolder, "plan.csv");

    /// <summary>The array script.</summary>
    [JsonIgnore]
    public string ClassifyScript => Path.Combine(JobFolder, "classify.sh");

    /// <summary>The reduce script.</summary>
    [JsonIgnore]
    public string ReduceScript => Path.Combine(JobFolder, "reduce.sh");

    /// <summary>Per-task logs.</summary>
    [JsonIgnore]
    public string LogFolder => Path.Combine(Out, "logs");

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <c>job.json</c> atomically.</summary>
    public void Save()
    {
        Directory.CreateDirectory(JobFolder);
        AtomicFile.WriteAllText(PathIn(Out), JsonSerializer.Serialize(this, Options) + "\n");
    }

    /// <summary>Reads the job of output folder <paramref name="outputFolder"/>.</summary>
    public static SlurmJob Load(string outputFolder)
    {
        var path = PathIn(outputFolder);
        if (!File.Exists(path))
        {
            throw new IfcbDataException(path, "no SLURM job here (write one with `ifcb slurm classify`)");
        }

        try
        {
            return JsonSerializer.Deserialize<SlurmJob>(File.ReadAllText(path), Options) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new IfcbDataException(path, $"not a valid job file: {ex.Message}", inner: ex);
        }
    }

    private static string PathIn(string outputFolder) => Path.Combine(Path.GetFullPath(outputFolder), Folder, "job.json");
}
