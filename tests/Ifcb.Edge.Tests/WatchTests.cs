using System.Diagnostics;
using System.Text.Json;
using Ifcb.Data;
using Ifcb.Push;
using Ifcb.Synthetic;

namespace Ifcb.Edge.Tests;

public sealed class WatchTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-watch-");
    private readonly string _model;

    public WatchTests() => _model = TinyModel.Write(_temp.FullName);

    public void Dispose() => _temp.Delete(recursive: true);

    private string Sub(string name) => Path.Combine(_temp.FullName, name);

    private static async Task<bool> Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    [Fact]
    public async Task Watch_classifies_every_complete_bin_of_a_live_instrument_once_and_reports_the_abandoned_one()
    {
        await using var hub = await RealHub.StartAsync();
        var data = Sub("data");
        var output = Sub("out");
        Directory.CreateDirectory(data);
        var log = new List<string>();
        var options = new WatchOptions
        {
            DataDirectory = data,
            ModelPath = _model,
            OutputRoot = output,
            Settle = TimeSpan.FromSeconds(0.4),
            AbandonAfter = TimeSpan.FromSeconds(2.5),
            Rescan = TimeSpan.FromSeconds(1),
            Hub = hub.BaseUrl,
            Token = hub.Token,
            Dataset = "mooring",
            Telemetry = Sub("spool"),
            Workers = 1,
        };
        using var stop = new CancellationTokenSource();
        using var watcher = new EdgeWatcher(options, line => { lock (log) { log.Add(line); } });
        var watching = Task.Run(() => watcher.RunAsync(stop.Token));

        // Five bins, one every 0.8 s, each written in four appends; bin 2 stops half-way (an instrument crash).
        var (complete, abandoned) = await LiveInstrument.PlayAsync(
            new SyntheticArchiveOptions { Bins = 5, RoisPerBin = 30, Seed = 7, MaxDegreeOfParallelism = 1 }, data, TimeSpan.FromSeconds(0.8), 4, new HashSet<int> { 2 }, Sub("staging"));
        Assert.Equal(4, complete.Count);
        var done = await Until(async () => (await hub.StoredAsync()).Count == 4 && File.Exists(Path.Combine(output, "abandoned.csv")), TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Assert.True(done, string.Join("\n", log));

        // Each complete bin reached the hub (its database) exactly once, with every one of its ROIs: no partial bin was
        // counted.
        Assert.Equal(complete.Order().Select(lid => ("mooring", lid, "tiny")), (await hub.StoredAsync()).Order());
        var creates = await hub.CreatesAsync();
        foreach (var lid in complete)
        {
            Assert.Equal(1, creates[lid]);
            using var bin = Bin.Open(Directory.GetFiles(data, lid + ".adc", SearchOption.AllDirectories).Single()[..^4]);
            Assert.Equal((bin.Images.Count, bin.Images.Count), await hub.CountsAsync("mooring", lid));
            Assert.True(File.Exists(Path.Combine(Sub("spool"), lid + ".sbd")));
        }

        Assert.Equal(4, creates.Count);
        Assert.Equal(4, Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories).Length);
        var abandonedCsv = File.ReadAllText(Path.Combine(output, "abandoned.csv"));
        Assert.Contains(abandoned.Single(), abandonedCsv, StringComparison.Ordinal);
        Assert.Contains("no .hdr", abandonedCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(abandoned.Single(), File.ReadAllText(Path.Combine(output, "summary.csv")), StringComparison.Ordinal);

        // Every bin classified once, in one log line each, and the status file says so.
        Assert.Equal(4, complete.Sum(lid => log.Count(l => l.Contains(" classified", StringComparison.Ordinal) && l.Contains(lid, StringComparison.Ordinal))));
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, WatchStatus.FileName)));
        Assert.Equal(4, status.RootElement.GetProperty("classified").GetInt32());
        Assert.Equal(1, status.RootElement.GetProperty("abandoned").GetInt32());
    }

    [Fact]
    public async Task Kill_9_at_ten_random_moments_changes_nothing_and_the_outbox_delivers_each_bin_once()
    {
        var data = Sub("data");
        SyntheticArchiveWriter.Write(data, new SyntheticArchiveOptions { Bins = 40, RoisPerBin = 60, Seed = 3, MaxDegreeOfParallelism = 1 });
        foreach (var file in Directory.GetFiles(data, "*.*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        }

        var lids = Directory.GetFiles(data, "*.hdr", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).ToList();

        // The reference: one uninterrupted run.
        var reference = Sub("reference");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var watcher = new EdgeWatcher(new WatchOptions { DataDirectory = data, ModelPath = _model, OutputRoot = reference, Settle = TimeSpan.FromSeconds(0.2), Once = true, Workers = 1 }, _ => { }))
        {
            await watcher.RunAsync(CancellationToken.None);
        }

        // The random part of each kill moment is scaled to this machine's time per bin (two bins' worth at most), so
        // that the kills fall in the middle of the work on a quiet fast machine as on a loaded slow one.
        var perBinMs = Math.Max(5, clock.Elapsed.TotalMilliseconds / lids.Count);

        // The same run, killed with SIGKILL at ten seeded random moments and restarted, pushing to the real hub, which
        // is stopped while the fourth start runs and started again (same port, same database) while the seventh runs.
        // The run manifest is shared so that outputs can be compared byte for byte.
        var output = Sub("killed");
        Directory.CreateDirectory(output);
        File.Copy(Path.Combine(reference, "ifcb-run.json"), Path.Combine(output, "ifcb-run.json"));
        await using var hub = await RealHub.StartAsync();
        var rng = new Random(17);
        string[] Args(bool once) => ["watch", data, "--model", _model, "--out", output, "--push", hub.BaseUrl.AbsoluteUri, "--token", hub.Token, "--dataset", "mooring", "--settle", "0.2", "--chunk", "2", "--workers", "1", "--batch", "8", .. once ? new[] { "--once" } : []];
        var kills = 0;
        var midRun = 0;
        for (var k = 0; k < 10; k++)
        {
            // The moment is counted from the model being loaded (the "watching" line)...
            using var process = Start(Args(once: false), redirect: false);
            var started = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains(" watching ", StringComparison.Ordinal) == true)
                {
                    started.TrySetResult();
                }
            };
            process.BeginOutputReadLine();
            // A watch that dies before it watches (a missing assembly, a bad model) fails here, named, not as a timeout.
            await Task.WhenAny(started.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(started.Task.IsCompleted, $"watch start {k + 1} exited with {(process.HasExited ? process.ExitCode : -1)} before it was watching");

            // Then until this start has finished a bin (at most 3 s), and a random moment more (up to two bins' time): the kill lands in
            // the middle of the work, on slow and fast machines alike.
            var before = Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories).Length;
            await Until(() => Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories).Length > before, TimeSpan.FromSeconds(3));

            // The hub goes down under the fourth start and comes back under the seventh, while that watch is pushing.
            if (k == 3)
            {
                await hub.StopAsync();
            }
            else if (k == 6)
            {
                await hub.RestartAsync();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(rng.NextDouble() * 2 * perBinMs));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                kills++;
            }

            await process.WaitForExitAsync();
            var h5 = Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories).Length;
            midRun += h5 > 0 && h5 < lids.Count ? 1 : 0;
        }

        using (var last = Start(Args(once: true)))
        {
            var stdout = last.StandardOutput.ReadToEndAsync();
            Assert.True(last.WaitForExit(TimeSpan.FromMinutes(2)), "the last watch did not finish");
            Assert.True(last.ExitCode == 0, await stdout + await last.StandardError.ReadToEndAsync());
        }

        Assert.Equal(10, kills);
        Assert.True(midRun >= 3, $"only {midRun} kills fell between the first and the last bin");
        foreach (var file in Directory.GetFiles(reference, "*", SearchOption.AllDirectories).Where(f => f.Contains($"{Path.DirectorySeparatorChar}D20", StringComparison.Ordinal) || f.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var twin = Path.Combine(output, Path.GetRelativePath(reference, file));
            Assert.True(File.Exists(twin), $"missing {twin}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(twin)), $"{Path.GetRelativePath(reference, file)} differs");
        }

        Assert.Equal(lids.Count, Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(output, "*.partial", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
        // Exactly once, from the hub's database: one result per bin, each created by one push.
        Assert.Equal(lids.Order().Select(lid => ("mooring", lid!, "tiny")), (await hub.StoredAsync()).Order());
        var creates = await hub.CreatesAsync();
        Assert.Equal(lids.Order(), creates.Keys.Order());
        Assert.All(creates.Values, n => Assert.Equal(1, n));
        using var outbox = Outbox.Open(Path.Combine(output, Outbox.FileName));
        Assert.Equal((0, lids.Count), (outbox.State().Pending, outbox.State().Sent));
    }

    [Fact]
    public async Task A_nearly_full_disk_stops_score_files_but_counts_and_telemetry_still_go_out()
    {
        var data = Sub("data");
        var lids = SyntheticArchiveWriter.Write(data, new SyntheticArchiveOptions { Bins = 2, RoisPerBin = 20, Seed = 4, MaxDegreeOfParallelism = 1 }).Lids;
        foreach (var file in Directory.GetFiles(data, "*.*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        }

        var modem = Sub("modem");
        Directory.CreateDirectory(modem);
        var output = Sub("out");
        var options = new WatchOptions
        {
            DataDirectory = data,
            ModelPath = _model,
            OutputRoot = output,
            Settle = TimeSpan.FromSeconds(0.2),
            Once = true,
            Workers = 1,
            MinFreeBytes = long.MaxValue,
            Telemetry = $"exec:cp -t '{modem}'",
        };
        using (var watcher = new EdgeWatcher(options, _ => { }))
        {
            await watcher.RunAsync(CancellationToken.None);
        }

        Assert.Empty(Directory.GetFiles(output, "*_class.h5", SearchOption.AllDirectories));
        var summary = File.ReadAllText(Path.Combine(output, "summary.csv"));
        Assert.All(lids, lid => Assert.Contains(lid, summary, StringComparison.Ordinal));
        using var status = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, WatchStatus.FileName)));
        Assert.True(status.RootElement.GetProperty("diskLow").GetBoolean());
        Assert.Equal(0, status.RootElement.GetProperty("telemetryPending").GetInt32());
        foreach (var lid in lids)
        {
            var sent = Path.Combine(output, "telemetry", "sent", lid + ".sbd");
            Assert.True(File.Exists(sent));
            Assert.Equal(File.ReadAllBytes(sent), File.ReadAllBytes(Path.Combine(modem, lid + ".sbd")));
            Assert.Equal(lid, Ifcb.Telemetry.SbdMessage.Decode(File.ReadAllBytes(sent)).Bin);
        }
    }

    private static Process Start(IEnumerable<string> args, bool redirect = true)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = redirect };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ifcb.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }
}
