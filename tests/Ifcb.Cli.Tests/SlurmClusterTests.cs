namespace Ifcb.Cli.Tests;

/// <summary>
/// `ifcb slurm` on a real SLURM (one node, 2 CPUs, on localhost): a 4-task array over a synthetic archive and its
/// reduce job give a single-process run's outputs; a cancelled task is resubmitted by `resume`; the reduce job
/// fails when a bin's output is missing. Nothing is mocked: sbatch, scancel and the daemons are Debian's.
/// </summary>
public sealed class SlurmClusterTests : IClassFixture<LocalSlurm>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-slurm-test-");
    private readonly string _archive;
    private readonly string _model;
    private readonly string _single;

    public SlurmClusterTests(LocalSlurm slurm)
    {
        ArgumentNullException.ThrowIfNull(slurm);
        _archive = Path.Combine(_temp.FullName, "archive");
        Assert.Equal(0, CliRunner.Run("synth", "--out", _archive, "--bins", "8", "--rois", "30", "--bins-per-day", "4").Code);
        _model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        _single = Path.Combine(_temp.FullName, "single");
        var (code, _, err) = CliRunner.Run("classify", _archive, "--model", _model, "--out", _single);
        Assert.True(code == 0, err);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void A_four_task_array_and_its_reduce_job_give_the_single_run_and_the_reduce_job_fails_on_a_missing_bin()
    {
        // Given a job folder that shares the single run's start time (written into every output)
        var job = Seeded("job");

        // When a 4-task array is submitted and its reduce job has ended
        var (array, reduce) = Submit(job, "4");
        LocalSlurm.WaitEnded(reduce, Timeout);

        // Then the reduce job completed, and the outputs and the archive summary are the single run's, byte for byte
        Assert.True(LocalSlurm.State(reduce) == "COMPLETED", Logs(job));
        Assert.Equal("COMPLETED", LocalSlurm.State(array));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(job, "logs"), "classify-*.log").Length);
        AssertSameBinFiles(_single, job);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_single, "summary.csv")), File.ReadAllBytes(Path.Combine(job, "summary.csv")));
        Assert.Equal(SummaryCommandTests.SqliteRows(Path.Combine(_single, "summary.sqlite")), SummaryCommandTests.SqliteRows(Path.Combine(job, "summary.sqlite")));

        // When one bin's output disappears and the reduce script is submitted again
        var victim = Directory.GetFiles(job, "*_class.h5", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var lid = Path.GetFileName(victim)[..^"_class.h5".Length];
        File.Delete(victim);
        var (code, rerun, err) = LocalSlurm.Run("sbatch", "--parsable", Path.Combine(job, "slurm", "reduce.sh"));
        Assert.True(code == 0, err);
        LocalSlurm.WaitEnded(rerun.Trim(), Timeout);

        // Then the job fails, and its log and missing.csv name the bin
        Assert.Equal("FAILED", LocalSlurm.State(rerun.Trim()));
        var log = File.ReadAllText(Path.Combine(job, "logs", $"reduce-{rerun.Trim()}.log"));
        Assert.Contains($"ifcb: {lid}: shard ", log);
        Assert.Contains("1 of 8 bins have no valid output", log);
        Assert.Contains(lid, File.ReadAllText(Path.Combine(job, "missing.csv")));
    }

    [Fact]
    public void A_cancelled_task_is_resubmitted_by_resume_and_finished_bins_are_not_redone()
    {
        // Given a 4-task array whose last task is cancelled before it runs (2 CPUs: tasks 0 and 1 start first)
        var job = Seeded("resume");
        var (array, reduce) = Submit(job, "4");
        var (cancel, _, cancelErr) = LocalSlurm.Run("scancel", $"{array}_3");
        Assert.True(cancel == 0, cancelErr);
        LocalSlurm.WaitEnded(array, Timeout);

        // Then the reduce job waits forever (afterok), and shard 3's bins have no outputs
        Assert.Equal("PENDING", LocalSlurm.State(reduce));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (LocalSlurm.Field(reduce, "Reason") != "DependencyNeverSatisfied" && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(500);
        }

        Assert.Equal("DependencyNeverSatisfied", LocalSlurm.Field(reduce, "Reason"));
        var before = Directory.GetFiles(job, "*_class.h5", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.InRange(before.Count, 1, 7);

        // When the job is resumed
        var (code, stdout, stderr) = CliRunner.Run("slurm", "resume", job);
        Assert.True(code == 0, stderr);
        Assert.Contains("shards to run again: 3", stdout);
        var newReduce = JobId(stdout, "reduce job: ");
        LocalSlurm.WaitEnded(newReduce, Timeout);

        // Then only shard 3 ran again, the old reduce job was cancelled, the new one completed, finished bins were not
        // rewritten, and everything equals the single run
        Assert.True(LocalSlurm.State(newReduce) == "COMPLETED", Logs(job));
        Assert.Equal("CANCELLED", LocalSlurm.State(reduce));
        Assert.Contains(",array,", File.ReadAllLines(Path.Combine(job, "slurm", "jobs.csv")).Last(l => l.Contains(",array,", StringComparison.Ordinal)));
        Assert.EndsWith(",3", File.ReadAllLines(Path.Combine(job, "slurm", "jobs.csv")).Last(l => l.Contains(",array,", StringComparison.Ordinal)));
        Assert.All(before, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));
        AssertSameBinFiles(_single, job);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_single, "summary.csv")), File.ReadAllBytes(Path.Combine(job, "summary.csv")));
    }

    /// <summary>Every per-bin file under the single run's D* folders exists in the other run with the same bytes.</summary>
    internal static void AssertSameBinFiles(string single, string other)
    {
        var files = Directory.GetDirectories(single, "D*").SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var twin = Path.Combine(other, Path.GetRelativePath(single, file));
            Assert.True(File.Exists(twin), $"missing {twin}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{twin} differs from {file}");
        }

        Assert.Equal(files.Count, Directory.GetDirectories(other, "D*").SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories)).Count());
    }

    private string Seeded(string name)
    {
        var job = Directory.CreateDirectory(Path.Combine(_temp.FullName, name)).FullName;
        File.Copy(Path.Combine(_single, "ifcb-run.json"), Path.Combine(job, "ifcb-run.json"));
        return job;
    }

    private (string Array, string Reduce) Submit(string job, string tasks)
    {
        var (code, stdout, stderr) = CliRunner.Run("slurm", "classify", _archive, "--model", _model, "--out", job, "--tasks", tasks, "--cpus-per-task", "1", "--submit");
        Assert.True(code == 0, stderr);
        return (JobId(stdout, "array job: "), JobId(stdout, "reduce job: "));
    }

    private static string JobId(string stdout, string prefix)
        => stdout.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    private static string Logs(string job)
        => string.Join("\n", Directory.GetFiles(Path.Combine(job, "logs")).Order(StringComparer.Ordinal).Select(f => $"== {f}\n{File.ReadAllText(f)}"));
}
