using Ifcb.Push;
using Ifcb.Synthetic;
using Spectre.Console.Testing;

namespace Ifcb.Edge.Tests;

public sealed class EdgeCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-edgecli-");
    private readonly string _model;
    private readonly string _bins;
    private readonly IReadOnlyList<string> _lids;

    public EdgeCommandTests()
    {
        _model = TinyModel.Write(_temp.FullName);
        _bins = Path.Combine(_temp.FullName, "bins");
        _lids = SyntheticArchiveWriter.Write(_bins, new SyntheticArchiveOptions { Bins = 3, RoisPerBin = 25, Seed = 5, MaxDegreeOfParallelism = 1 }).Lids;
    }

    public void Dispose() => _temp.Delete(recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var err = new StringWriter();
        var code = Ifcb.Cli.CliApp.Run(args, console, err);
        return (code, console.Output, err.ToString());
    }

    [Fact]
    public async Task Classify_push_sends_each_bin_and_push_resumes_without_resending()
    {
        await using var hub = await RealHub.StartAsync();
        var token = await hub.TokenForAsync("mvco");
        var output = Path.Combine(_temp.FullName, "run");
        var (code, stdout, stderr) = Run("classify", _bins, "--model", _model, "--out", output, "--push", hub.BaseUrl.AbsoluteUri, "--token", token, "--dataset", "mvco");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("push: 3 bins delivered, 0 queued", stdout, StringComparison.Ordinal);
        Assert.Equal(_lids.Order().Select(lid => ("mvco", lid, "tiny")), (await hub.StoredAsync()).Order());

        // A fresh outbox (another machine): push asks the hub first and sends nothing again.
        File.Delete(Path.Combine(output, Outbox.FileName));
        var posts = hub.Posts;
        (code, stdout, stderr) = Run("push", output, "--to", hub.BaseUrl.AbsoluteUri, "--token", token, "--dataset", "mvco");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("0 stored, 3 already on the hub", stdout, StringComparison.Ordinal);
        Assert.Equal(posts, hub.Posts);
        Assert.All((await hub.CreatesAsync()).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Push_to_a_down_hub_keeps_the_bins_and_a_second_push_delivers_them()
    {
        var output = Path.Combine(_temp.FullName, "run");
        Assert.Equal(0, Run("classify", _bins, "--model", _model, "--out", output).Code);
        await using var hub = await RealHub.StartAsync();
        await hub.StopAsync();
        var (code, stdout, stderr) = Run("push", output, "--to", hub.BaseUrl.AbsoluteUri, "--token", hub.Token, "--retries", "1");
        Assert.Equal(1, code);
        Assert.Contains("3 still queued", stdout, StringComparison.Ordinal);
        Assert.Contains("run the same command again", stderr, StringComparison.Ordinal);

        await hub.RestartAsync();
        (code, stdout, stderr) = Run("push", output, "--to", hub.BaseUrl.AbsoluteUri, "--token", hub.Token);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("3 stored", stdout, StringComparison.Ordinal);
        Assert.Equal(_lids.Order().Select(lid => ("IFCB999", lid, "tiny")), (await hub.StoredAsync()).Order());
        Assert.All((await hub.CreatesAsync()).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void Telemetry_encode_then_decode_gives_the_run_counts_back()
    {
        var output = Path.Combine(_temp.FullName, "run");
        Assert.Equal(0, Run("classify", _bins, "--model", _model, "--out", output).Code);
        var file = Path.Combine(_temp.FullName, "msg.sbd");
        var (code, stdout, stderr) = Run("telemetry", "encode", output, "--bin", _lids[1], "--out", file);
        Assert.True(code == 0, stdout + stderr);
        Assert.InRange(new FileInfo(file).Length, 20, 340);
        (code, stdout, _) = Run("telemetry", "decode", file);
        Assert.Equal(0, code);
        var payload = RunFolderReader.Read(output).Single(p => p.Bin == _lids[1]);
        Assert.Contains($"\"bin\": \"{_lids[1]}\"", stdout, StringComparison.Ordinal);
        Assert.Contains($"\"roiCount\": {payload.RoiCount}", stdout, StringComparison.Ordinal);
        foreach (var (c, i) in payload.Classes.Select((c, i) => (c, i)).Where(p => p.c.AboveThresholdCount > 0))
        {
            Assert.Contains($"\"{i}\": {c.AboveThresholdCount}", stdout, StringComparison.Ordinal);
        }

        // One flipped byte: the checksum catches it and the file is named.
        var bytes = File.ReadAllBytes(file);
        bytes[5] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        (code, _, stderr) = Run("telemetry", "decode", file);
        Assert.Equal(1, code);
        Assert.Contains("msg.sbd", stderr, StringComparison.Ordinal);
        Assert.Contains("checksum", stderr, StringComparison.Ordinal);
    }
}
