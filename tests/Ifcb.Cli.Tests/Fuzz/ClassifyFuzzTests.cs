using System.Globalization;
using System.Security.Cryptography;
using Ifcb.Data;
using Ifcb.Data.Directories;
using Ifcb.Data.Roi;

namespace Ifcb.Cli.Tests.Fuzz;

/// <summary>
/// Ten thousand mutated bins through <c>ifcb classify</c> in process, 400 per run beside untouched ones: no
/// unhandled exception, no hang, every bad bin named in failures.csv with a reason, every good bin classified with
/// one row per image, exit code 1. Each case has a seed; <c>IFCB_FUZZ_CASE=&lt;seed&gt;</c> reruns one case alone.
/// The reader's memory-mapped mode reads every undecided case too and must agree with positioned reads.
/// </summary>
public sealed class ClassifyFuzzTests : IDisposable
{
    private const int Runs = 25;
    private const int BinsPerRun = 400;
    private const long FirstSeed = 1_000_000;

    private readonly DirectoryInfo _temp = CreateScratch();
    private readonly string _model;

    public ClassifyFuzzTests()
    {
        _model = ClassifyCommandTests.WriteWhoiModel(_temp.FullName);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Ten_thousand_mutated_bins_fail_alone_with_a_reason_and_never_crash_classify()
    {
        var only = Environment.GetEnvironmentVariable("IFCB_FUZZ_CASE");
        var runs = string.IsNullOrEmpty(only)
            ? Enumerable.Range(0, Runs).Select(r => Enumerable.Range(0, BinsPerRun).Select(i => FirstSeed + (r * BinsPerRun) + i).ToList()).ToList()
            : [[long.Parse(only, CultureInfo.InvariantCulture)]];
        var total = 0;
        foreach (var seeds in runs)
        {
            total += RunOnce(seeds);
        }

        Assert.Equal(string.IsNullOrEmpty(only) ? Runs * BinsPerRun : 1, total);
    }

    private int RunOnce(IReadOnlyList<long> seeds)
    {
        // Three in four bins sit in a scanned folder (with a link back up the tree); the rest are named one by one in
        // a list file, which skips the directory scan's checks.
        var folder = Path.Combine(_temp.FullName, "bins");
        var named = Path.Combine(_temp.FullName, "named");
        var list = Path.Combine(_temp.FullName, "list.txt");
        var output = Path.Combine(_temp.FullName, "out");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(named);
        File.CreateSymbolicLink(Path.Combine(folder, "up"), "..");
        var cases = new List<BinMutation>();
        var paths = new List<string>();
        foreach (var seed in seeds)
        {
            var time = new DateTime(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes((seed - FirstSeed) * 7);
            var mutation = new BinMutation(seed, FuzzBase.All[(int)(seed % FuzzBase.All.Count)], time);
            var byPath = seed % 4 == 3;
            mutation.Write(byPath ? named : folder);
            if (byPath)
            {
                paths.Add(Path.Combine(named, mutation.Name));
            }

            cases.Add(mutation);
        }

        File.WriteAllLines(list, paths);
        var range = $"case seeds {seeds[0]}..{seeds[^1]}";
        var run = Task.Run(() => CliRunner.Run("classify", folder, list, "--model", _model, "--out", output, "--format", "csv", "--batch", "64"));
        // A hang detector, not a speed check: a run takes about a second.
        Assert.True(run.Wait(TimeSpan.FromMinutes(3)), $"classify did not finish within 3 minutes ({range})");
        if (run.IsFaulted)
        {
            Assert.Fail($"classify threw ({range}): {run.Exception!.InnerException}");
        }

        var (code, _, err) = run.Result;
        var failures = ReadFailures(Path.Combine(output, "failures.csv"));
        var classified = Directory.EnumerateFiles(output, "*_class_scores.csv", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileName(p)[..^"_class_scores.csv".Length], p => p, StringComparer.Ordinal);
        var discovered = BinDirectory.Discover(folder).Bins.Concat(BinDirectory.Discover(named).Bins).ToDictionary(b => b.Id.Lid, StringComparer.Ordinal);
        var anyBad = false;
        foreach (var c in cases)
        {
            var what = $"case seed {c.Seed} ({c.Lid}: {c.Description})";
            var failed = failures.Where(f => f.Bin.StartsWith(c.Name, StringComparison.Ordinal)).ToList();
            var scores = classified.GetValueOrDefault(c.Lid);
            Assert.True(failed.Count > 0 ^ scores is not null, $"{what}: {failed.Count} failure rows and {(scores is null ? "no" : "a")} scores file");
            Assert.All(failed, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), $"{what}: failure without a reason"));
            // Once per bin (a badly named bin: once per file), however the tree links back to itself.
            Assert.True(failed.Count <= (c.Name == c.Lid ? 1 : 3), $"{what}: named {failed.Count} times");
            var images = c.Name == c.Lid && discovered.TryGetValue(c.Lid, out var found) && found.IsComplete ? ReadAll(found.BasePath, what) : null;
            var bad = c.MustFail ?? images is null;
            Assert.True(bad == failed.Count > 0,
                $"{what}: expected {(bad ? "a failure" : "scores")}, got {(failed.Count > 0 ? "failure: " + failed[0].Reason : "scores")}");
            if (scores is not null)
            {
                Assert.True(images is not null, $"{what}: classified, but the reader rejects it");
                Assert.Equal(images.Value, File.ReadAllLines(scores).Length - 1);
            }

            anyBad |= bad;
        }

        Assert.True(code == (anyBad ? 1 : 0), $"exit code {code} ({range}): {err}");
        Directory.Delete(folder, recursive: true);
        Directory.Delete(named, recursive: true);
        Directory.Delete(output, recursive: true);
        return cases.Count;
    }

    // The reader's verdict: the image count, or null when the bin cannot be read; both access modes must agree.
    private static int? ReadAll(string basePath, string what)
    {
        var positioned = Read(basePath, RoiAccess.PositionedReads);
        var mapped = Read(basePath, RoiAccess.MemoryMapped);
        Assert.True(positioned == mapped, $"{what}: positioned reads {positioned}, memory-mapped {mapped}");
        return positioned?.Count;
    }

    private static (int Count, string Hash)? Read(string basePath, RoiAccess access)
    {
        try
        {
            using var bin = Bin.Open(BinFiles.FromPath(basePath), access);
            if (bin.Problems.Count > 0)
            {
                return null;
            }

            _ = bin.MlAnalyzed;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var target in bin.Images)
            {
                hash.AppendData(bin.ReadImage(target, out _, out _));
            }

            return (bin.Images.Count, Convert.ToHexString(hash.GetHashAndReset()));
        }
        catch (Exception ex) when (ex is IfcbDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<(string Bin, string File, string Reason)> ReadFailures(string path)
    {
        var rows = Rfc4180.Parse(File.ReadAllText(path));
        Assert.Equal(["bin", "file", "reason"], rows[0]);
        return [.. rows.Skip(1).Select(r => (r[0], r[1], r[2]))];
    }

    // Outputs are written with fsync per file: on tmpfs that costs nothing, which keeps 10,000 bins near a minute.
    private static DirectoryInfo CreateScratch()
    {
        var shm = "/dev/shm";
        if (Directory.Exists(shm))
        {
            try
            {
                return Directory.CreateDirectory(Path.Combine(shm, "ifcb-fuzz-" + Guid.NewGuid().ToString("N")));
            }
            catch (UnauthorizedAccessException)
            {
                // Not writable here: fall back to the temp folder.
            }
        }

        return Directory.CreateTempSubdirectory("ifcb-fuzz-");
    }
}
