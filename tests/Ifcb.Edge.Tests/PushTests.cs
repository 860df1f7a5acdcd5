using Ifcb.Push;

namespace Ifcb.Edge.Tests;

public sealed class PushTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ifcb-push-");

    public void Dispose() => _temp.Delete(recursive: true);

    internal static PushPayload Payload(string bin, int count = 3) => PayloadBuilder.Build(
        bin, Ifcb.Data.Ids.BinId.Parse(bin).Timestamp, "IFCB123", 4.83, count + 1, ["Dinophysis", "detritus"], [0.5f, 0.7f], [count, 1], [count - 1, 1], "tiny", new string('a', 64));

    private static SenderOptions Fast => new() { MaxRetryAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), AttemptTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public void Payload_json_follows_the_contract()
    {
        var json = Payload("D20240101T000000_IFCB123").ToJson();
        Assert.Contains("\"bin\":\"D20240101T000000_IFCB123\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sampleTime\":\"2024-01-01T00:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mlAnalyzed\":4.83", json, StringComparison.Ordinal);
        Assert.Contains("\"model\":{\"id\":\"tiny\",\"sha256\":\"aaaa", json, StringComparison.Ordinal);
        Assert.Contains("{\"name\":\"Dinophysis\",\"winnerCount\":3,\"aboveThresholdCount\":2,\"threshold\":0.5,\"corrected\":null}", json, StringComparison.Ordinal);
        Assert.Contains("\"scores\":null", json, StringComparison.Ordinal);
        Assert.Equal(json, PushPayload.FromJson(json).ToJson());
    }

    [Fact]
    public void Outbox_keeps_each_bin_once_and_survives_reopening()
    {
        var path = Path.Combine(_temp.FullName, "outbox.sqlite");
        using (var outbox = Outbox.Open(path))
        {
            Assert.True(outbox.Enqueue("mvco", Payload("D20240101T000000_IFCB123")));
            Assert.False(outbox.Enqueue("mvco", Payload("D20240101T000000_IFCB123", 9)));
            Assert.True(outbox.Enqueue("other", Payload("D20240101T000000_IFCB123")));
            outbox.MarkSent(outbox.Pending()[0].Id, 201);
        }

        using var reopened = Outbox.Open(path);
        var state = reopened.State();
        Assert.Equal((1, 1), (state.Pending, state.Sent));
        Assert.False(reopened.Enqueue("mvco", Payload("D20240101T000000_IFCB123")));
        Assert.Equal("other", Assert.Single(reopened.Pending()).Dataset);
    }

    [Fact]
    public async Task Sender_delivers_once_through_a_hub_that_is_down_then_back()
    {
        await using var hub = await RealHub.StartAsync();
        await hub.StopAsync();
        using var outbox = Outbox.Open(Path.Combine(_temp.FullName, "outbox.sqlite"));
        var bins = Enumerable.Range(0, 5).Select(i => $"D20240101T0{i}0000_IFCB123").ToList();
        foreach (var bin in bins)
        {
            outbox.Enqueue("mvco", Payload(bin));
        }

        using var client = new HubClient(hub.BaseUrl, hub.Token, Fast);
        using var sender = new OutboxSender(outbox, client, Fast);
        var down = await sender.DrainAsync(CancellationToken.None);
        Assert.Equal(5, down.Pending);
        Assert.NotNull(down.StoppedBecause);
        Assert.NotNull(outbox.State().LastError);

        await hub.RestartAsync();
        var up = await sender.DrainAsync(CancellationToken.None);
        Assert.Equal((5, 0, 0), (up.Stored, up.Pending, up.Rejected));
        Assert.Equal(bins, (await hub.StoredAsync()).Select(k => k.Bin).Order());
        Assert.All(await hub.StoredAsync(), k => Assert.Equal(("mvco", "tiny"), (k.Dataset, k.Model)));
        Assert.All((await hub.CreatesAsync()).Values, n => Assert.Equal(1, n));
        Assert.Equal((4, 4), await hub.CountsAsync("mvco", bins[0]));

        // A lost reply: the same bin again (another outbox) is answered 200 and stored once.
        using var again = Outbox.Open(Path.Combine(_temp.FullName, "again.sqlite"));
        again.Enqueue("mvco", Payload(bins[0]));
        using var sender2 = new OutboxSender(again, client, Fast);
        var repeat = await sender2.DrainAsync(CancellationToken.None);
        Assert.Equal(1, repeat.AlreadyStored);
        Assert.Equal(5, (await hub.StoredAsync()).Count);
        Assert.All((await hub.CreatesAsync()).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Bad_payloads_are_set_aside_and_bad_tokens_stop_the_drain()
    {
        await using var hub = await RealHub.StartAsync();
        using var outbox = Outbox.Open(Path.Combine(_temp.FullName, "outbox.sqlite"));
        outbox.Enqueue("mvco", Payload("D20240101T000000_IFCB123") with { MlAnalyzed = -1 });
        outbox.Enqueue("mvco", Payload("D20240101T010000_IFCB123"));
        using (var client = new HubClient(hub.BaseUrl, hub.Token, Fast))
        using (var sender = new OutboxSender(outbox, client, Fast))
        {
            var result = await sender.DrainAsync(CancellationToken.None);
            Assert.Equal((1, 1, 0), (result.Stored, result.Rejected, result.Pending));
        }

        // The hub's message is kept with the rejected bin.
        var rejected = Assert.Single(outbox.Rejected());
        Assert.Equal(400, rejected.HttpStatus);
        Assert.Contains("mlAnalyzed", rejected.Error, StringComparison.Ordinal);

        // An unknown token (401) and a token for another dataset (403) both stop the drain with the bin kept.
        outbox.Enqueue("mvco", Payload("D20240101T020000_IFCB123"));
        foreach (var (token, status) in new[] { ("nope", "401"), (await hub.TokenForAsync("elsewhere"), "403") })
        {
            using var wrong = new HubClient(hub.BaseUrl, token, Fast);
            using var sender = new OutboxSender(outbox, wrong, Fast);
            var result = await sender.DrainAsync(CancellationToken.None);
            Assert.Equal(1, result.Pending);
            Assert.Contains(status, result.StoppedBecause, StringComparison.Ordinal);
        }

        Assert.Single(await hub.StoredAsync());
    }
}
