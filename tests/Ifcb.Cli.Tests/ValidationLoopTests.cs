using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ifcb.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Ifcb.Cli.Tests;

/// <summary>
/// The validation loop in one product, on synthetic data: classify, validate a sample in the hub (through its API,
/// logged in as an annotator), export, retrain with <c>--init-from</c>, re-classify: the new model is more accurate on
/// the validated ROIs. Small on purpose (32-px images, a few epochs).
/// </summary>
public sealed class ValidationLoopTests
{
    [Fact]
    public async Task Classify_validate_retrain_reclassify_improves_accuracy_on_the_validated_rois()
    {
        var dir = Directory.CreateTempSubdirectory("ifcb-loop-");
        try
        {
            string P(string name) => Path.Combine(dir.FullName, name);
            void Ok(params string[] args)
            {
                var (code, output, err) = CliRunner.Run(args);
                Assert.True(code == 0, $"ifcb {string.Join(' ', args)} -> {code}\n{output}\n{err}");
            }

            // Given a first model trained for one epoch, and its classification of an archive stored in a hub
            Ok("synth", "--out", P("archive"), "--bins", "2", "--rois", "60", "--seed", "3");
            var truth = File.ReadLines(P("archive/ground_truth.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[1], StringComparer.Ordinal);
            Ok("train", "--labels", P("archive/ground_truth.csv"), P("archive"), "--model", "resnet18", "--out", P("run-a"),
                "--input-size", "32", "--epochs-min", "1", "--epochs-max", "1", "--batch", "32", "--seed", "1", "--workers", "2");
            Ok("classify", P("archive"), "--model", P("run-a"), "--out", P("classified-a"));
            Ok("serve", "import", P("classified-a"), "--data", P("hub"), "--dataset", "ds");
            Ok("serve", "user", "add", "alice", "--role", "annotator", "--password", "correct horse battery", "--data", P("hub"));

            await using var app = await HubServer.BuildAsync(new HubOptions { DataDir = P("hub"), Urls = "http://127.0.0.1:0" });
            await app.StartAsync();
            var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(HubServer.Address(app)), Timeout = TimeSpan.FromSeconds(60) };
            async Task<JsonElement> Send(HttpMethod method, string url, object? body = null)
            {
                var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
                using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
                request.Headers.Add("X-CSRF-TOKEN", me.GetProperty("csrfToken").GetString());
                var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
                return JsonDocument.Parse(text).RootElement;
            }

            // When an annotator validates the 60 least certain ROIs (the right class from the ground truth)
            await Send(HttpMethod.Post, "/api/v1/auth/login", new { name = "alice", password = "correct horse battery" });
            var queue = await client.GetFromJsonAsync<JsonElement>("/api/v1/datasets/ds/validation/queue?model=run-a&queue=uncertainty&limit=60");
            var items = queue.GetProperty("items").EnumerateArray()
                .Select(i => new { bin = i.GetProperty("bin").GetString()!, roi = i.GetProperty("roi").GetInt32(), @class = truth[i.GetProperty("pid").GetString()!] })
                .ToList();
            Assert.Equal(60, items.Count);
            await Send(HttpMethod.Post, "/api/v1/datasets/ds/validation/decisions", new { model = "run-a", queue = "uncertainty", items });
            var export = P("validated.csv");
            await File.WriteAllBytesAsync(export, await client.GetByteArrayAsync("/api/v1/datasets/ds/validation/export?format=csv"));

            // And the model is retrained on the export from the first one, and the archive classified again
            Ok("train", "--labels", export, P("archive"), "--init-from", P("run-a"), "--model", "resnet18", "--out", P("run-b"),
                "--input-size", "32", "--epochs-min", "12", "--epochs-max", "12", "--batch", "8", "--seed", "1", "--workers", "2", "--split", "90:10");
            Ok("evaluate", "--model", P("run-b"), "--labels", export, P("archive"), "--out", P("evaluation-b"), "--bootstrap", "10");
            Ok("classify", P("archive"), "--model", P("run-b"), "--out", P("classified-b"));
            Ok("serve", "import", P("classified-b"), "--data", P("hub"), "--dataset", "ds");

            // Then the second model is right more often on the validated ROIs than the first
            async Task<double> Accuracy(string model)
            {
                var right = 0;
                foreach (var bin in items.Select(i => i.bin).Distinct())
                {
                    var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/ds/validation/queue?model={model}&bin={bin}&limit=1000");
                    var predicted = all.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("roi").GetInt32(), i => i.GetProperty("predicted").GetString());
                    right += items.Count(i => i.bin == bin && predicted[i.roi] == i.@class);
                }

                return (double)right / items.Count;
            }

            var before = await Accuracy("run-a");
            var after = await Accuracy("run-b");
            Assert.True(after > before, string.Create(CultureInfo.InvariantCulture, $"accuracy on the validated ROIs: {before:F3} before, {after:F3} after\n") + File.ReadAllText(P("run-b/epochs.csv")));
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}

