using System.Diagnostics;

namespace Ifcb.Cli.Tests;

/// <summary>
/// <c>ifcb slurm</c> without a scheduler: the scripts it writes, shards that follow the plan, and the reduce step.
/// The real scheduler runs the same scripts in <see cref="SlurmClusterTests"/>.
/// </summary>
public sealed class SlurmCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-cli-slurm-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Classify_writes_an_array_and_a_reduce_script_with_absolute_commands_and_the_resources_asked_for()
    {
        // Given the fixture bins and a model
        var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        var inputs = Ifcb.Testing.TestBins.CompleteBins.Select(Ifcb.Testing.TestData.PathOf).ToArray();
        var output = Path.Combine(_temp.FullName, "job");

        // When the job is written (not submitted) from another working directory, with relative paths
        var (code, stdout, stderr) = CliRunner.Run(["slurm", "classify", .. inputs, "--model", model, "--out", output, "--tasks", "3", "--partition", "gpu", "--gpus-per-task", "4",
            "--cpus-per-task", "8", "--mem", "32G", "--time", "02:00:00", "--account", "lab", "--rate", "500"]);

        // Then the array script has the directives, per-task logs and one classify --shard per task through an absolute dotnet + ifcb.dll
        Assert.True(code == 0, stderr);
        var array = File.ReadAllText(Path.Combine(output, "slurm", "classify.sh"));
        foreach (var directive in new[] { "--array=0-2", $"--output={Path.Combine(output, "logs", "classify-%A_%a.log")}", "--partition=gpu", "--gpus-per-task=4", "--cpus-per-task=8", "--mem=32G", "--time=02:00:00", "--account=lab" })
        {
            Assert.Contains("#SBATCH " + directive + "\n", array);
        }

        var dll = typeof(CliApp).Assembly.Location;
        Assert.Contains($"'{dll}' 'classify'", array);
        Assert.Matches(@"\n'/[^']*dotnet' '", array);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\"", array);
        Assert.Contains($"'--plan' '{Path.Combine(output, "slurm", "plan.csv")}'", array);
        Assert.Contains("'--device' 'cuda:all'", array);
        Assert.True(Directory.Exists(Path.Combine(output, "logs")));

        // And the reduce script runs `slurm reduce DIR` without the task's memory request; both are valid bash
        var reduce = File.ReadAllText(Path.Combine(output, "slurm", "reduce.sh"));
        Assert.Contains($"'slurm' 'reduce' '{output}'", reduce);
        Assert.DoesNotContain("--mem", reduce);
        Assert.Contains("#SBATCH --account=lab\n", reduce);
        foreach (var script in new[] { "classify.sh", "reduce.sh" })
        {
            using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(output, "slurm", script)]) { RedirectStandardError = true })!;
            bash.WaitForExit();
            Assert.True(bash.ExitCode == 0, bash.StandardError.ReadToEnd());
        }

        // And the plan is printed with an estimate and nothing was submitted
        Assert.Contains("5 bins", stdout);
        Assert.Contains("est_wall_s", stdout);
        Assert.DoesNotContain("array job:", stdout);
    }

    [Fact]
    public async Task Shards_that_follow_the_plan_reduce_to_the_single_run_and_a_missing_shard_fails_the_reduce_listing_its_bins()
    {
        // Given a single-process run of the fixture bins and a 2-task job over them (scripts only)
        var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        var inputs = Ifcb.Testing.TestBins.CompleteBins.Select(Ifcb.Testing.TestData.PathOf).ToArray();
        var single = Path.Combine(_temp.FullName, "single");
        var job = Path.Combine(_temp.FullName, "job");
        Assert.Equal(0, CliRunner.Run(["classify", .. inputs, "--model", model, "--out", single]).Code);
        Assert.Equal(0, CliRunner.Run(["slurm", "classify", .. inputs, "--model", model, "--out", job, "--tasks", "2"]).Code);
        File.Copy(Path.Combine(single, "ifcb-run.json"), Path.Combine(job, "ifcb-run.json"));
        var plan = Path.Combine(job, "slurm", "plan.csv");

        // When only task 0 has run (as its script runs it)
        var (c0, out0, e0) = CliRunner.Run(["classify", .. inputs, "--model", model, "--out", job, "--plan", plan, "--shard", "0/2"]);
        var (missingCode, _, missingErr) = CliRunner.Run("slurm", "reduce", job);

        // Then the reduce fails and names every bin of shard 1, which the plan holds, and writes no archive summary
        Assert.True(c0 == 0, e0);
        var shard1 = File.ReadAllLines(plan).Skip(2).Select(l => l.Split(',')).Where(c => c[1] == "1").Select(c => c[0]).ToList();
        Assert.NotEmpty(shard1);
        Assert.Contains($"{5 - shard1.Count} bins in shard 0/2", out0);
        Assert.Equal(1, missingCode);
        Assert.All(shard1, lid => Assert.Contains($"ifcb: {lid}: shard 1: no valid output", missingErr));
        Assert.Equal(shard1.Count + 1, File.ReadAllLines(Path.Combine(job, "missing.csv")).Length);
        Assert.False(File.Exists(Path.Combine(job, "summary.csv")));

        // And resume (dry run: nothing submitted) names shard 1 only
        var (resumeCode, resumeOut, resumeErr) = CliRunner.Run("slurm", "resume", job, "--dry-run");
        Assert.True(resumeCode == 0, resumeErr);
        Assert.Contains($"{shard1.Count} of 5 bins not done; shards to run again: 1\n", resumeOut.Replace("\r", "", StringComparison.Ordinal));

        // When task 1 runs too and the reduce runs again
        Assert.Equal(0, CliRunner.Run(["classify", .. inputs, "--model", model, "--out", job, "--plan", plan, "--shard", "1/2"]).Code);
        var (code, stdout, stderr) = CliRunner.Run("slurm", "reduce", job);

        // Then it succeeds, and the archive's summary and the per-bin files equal the single run's byte for byte
        Assert.True(code == 0, stderr);
        Assert.Contains("5 bins: every one has valid outputs", stdout);
        Assert.False(File.Exists(Path.Combine(job, "missing.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "summary.csv")), File.ReadAllBytes(Path.Combine(job, "summary.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(single, "failures.csv")), File.ReadAllText(Path.Combine(job, "failures.csv")));
        SlurmClusterTests.AssertSameBinFiles(single, job);

        // When the reduce runs once more with --push to a real hub (in process, 127.0.0.1, free port, its own SQLite)
        var hubDir = Path.Combine(_temp.FullName, "hub");
        var hub = await Ifcb.Server.Hosting.HubServer.BuildAsync(new Ifcb.Server.Hosting.HubOptions { DataDir = hubDir, Urls = "http://127.0.0.1:0" });
        try
        {
            await hub.StartAsync();
            var token = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Ifcb.Server.Auth.TokenService>(hub.Services).CreateAsync("archive", "tests");
            var url = Ifcb.Server.Hosting.HubServer.Address(hub);
            var (pushCode, pushOut, pushErr) = CliRunner.Run("slurm", "reduce", job, "--push", url, "--token", token, "--dataset", "archive");
            var (againCode, againOut, againErr) = CliRunner.Run("slurm", "reduce", job, "--push", url, "--token", token, "--dataset", "archive");

            // Then every bin is on the hub once, the empty v1 bin too (it has no sample volume: ml_analyzed 0, stored
            // with null concentrations), and a second push sends nothing new.
            Assert.True(pushCode == 0, pushErr + pushOut);
            Assert.Contains("5 stored", pushOut);
            Assert.Contains("0 rejected", pushOut);
            Assert.True(againCode == 0, againErr + againOut);
            Assert.Contains("0 newly queued", againOut);
            using var http = new HttpClient();
            var bins = await http.GetStringAsync(new Uri($"{url}/api/v1/datasets/archive/bins?format=csv"));
            Assert.Equal(1 + 5, bins.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            await hub.StopAsync();
            await hub.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void A_plan_of_another_shard_count_is_a_usage_error()
    {
        var model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
        var bin = Ifcb.Testing.TestData.PathOf(Ifcb.Testing.TestBins.CompleteBins[0]);
        var plan = Path.Combine(_temp.FullName, "plan.csv");
        var (planCode, planOut, _) = CliRunner.Run("slurm", "plan", bin, "--tasks", "3", "--rate", "100", "--out", plan);
        Assert.Equal(0, planCode);
        Assert.Contains("1 bins", planOut);

        var (code, _, err) = CliRunner.Run("classify", bin, "--model", model, "--out", Path.Combine(_temp.FullName, "o"), "--plan", plan, "--shard", "0/2");
        Assert.Equal(2, code);
        Assert.Contains("has 3 shards but the shard is 0/2", err);
    }
}
