using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ifcb.Formats.Labels;
using Ifcb.Server.Auth;
using Ifcb.Server.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ifcb.Server.Tests;

/// <summary>Human validation through the API; run on SQLite and on PostgreSQL by the sealed classes below.</summary>
public abstract class ValidationTests
{
    internal const string Password = "correct horse battery";
    private const string Alex = "Alexandrium_catenella";

    /// <summary>A fresh database connection string, or null for the embedded SQLite.</summary>
    protected abstract string? NewDatabase();

    internal static readonly string Lid = Payloads.Lid(new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>
    /// A hub with one bin of model m1 with scores: 40 ROIs, classes 0..4 have 10, 5, 3, 2, 20 ROIs (ROIs 1-10 are
    /// Alexandrium with scores 0.6 + 0.03 k, the others 0.08), and the accounts alice, bob (annotators), rita (reader),
    /// root (admin).
    /// </summary>
    internal static async Task<TestHub> StartAsync(string? db, bool privateReads = false)
    {
        var hub = await TestHub.StartAsync(db, privateReads: privateReads);
        var pushed = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Lid, [10, 5, 3, 2, 20], scores: true)));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        var users = hub.App.Services.GetRequiredService<UserService>();
        await users.AddOrUpdateAsync("alice", HubRoles.Annotator, Password);
        await users.AddOrUpdateAsync("bob", HubRoles.Annotator, Password);
        await users.AddOrUpdateAsync("rita", HubRoles.Reader, Password);
        await users.AddOrUpdateAsync("root", HubRoles.Admin, Password);
        return hub;
    }

    private static object Decisions(string queue, params (int Roi, string Class)[] items)
        => new { model = "m1", queue, items = items.Select(i => new { bin = Lid, roi = i.Roi, @class = i.Class }) };

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Anonymous_visitors_and_readers_cannot_write_and_posts_without_the_antiforgery_token_are_refused()
    {
        await using var hub = await StartAsync(NewDatabase());
        const string url = "/api/v1/datasets/ds/validation/decisions";
        var body = Decisions("score", (10, Alex));

        // Anonymous (even with a valid token from /me), and the push token: 401
        using var anonymous = await HubSession.AnonymousAsync(hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, url, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Delete, url + "/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Client.PostAsync(url, JsonContent.Create(body))).StatusCode);

        // A reader: 403
        using var rita = await HubSession.LoginAsync(hub, "rita", Password);
        Assert.Equal("reader", (await rita.RefreshAsync()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.SendAsync(HttpMethod.Post, url, body)).StatusCode);

        // An annotator without the header, or with a forged one: refused (400), nothing stored
        using var alice = await HubSession.LoginAsync(hub, "alice", Password);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(HttpMethod.Post, url, body, csrf: false)).StatusCode);
        using (var forged = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) })
        {
            forged.Headers.Add("X-CSRF-TOKEN", "CfDJ8forged");
            Assert.Equal(HttpStatusCode.BadRequest, (await alice.Client.SendAsync(forged)).StatusCode);
        }

        // The token handed out before login is not valid for the logged-in user
        var stale = anonymous.Csrf;
        using (var old = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) })
        {
            old.Headers.Add("X-CSRF-TOKEN", stale);
            Assert.Equal(HttpStatusCode.BadRequest, (await alice.Client.SendAsync(old)).StatusCode);
        }

        // Forged form posts (a cross-site page posting the login or logout form without the hidden field): 400
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "alice", ["password"] = Password });
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.Client.PostAsync("/login", form)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.Client.PostAsync("/logout", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal("alice", (await alice.RefreshAsync()).GetProperty("name").GetString());

        // A wrong password: 401; the import needs an admin
        using var intruder = await HubSession.AnonymousAsync(hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await intruder.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { name = "alice", password = "wrong password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.SendAsync(HttpMethod.Post, "/api/v1/datasets/ds/validation/import")).StatusCode);

        await using var db = hub.Database.CreateContext();
        Assert.Equal(0, await db.ValidationDecisions.CountAsync());

        // And the push API still works with its bearer token
        var push = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(new DateTime(2024, 6, 2, 0, 0, 0, DateTimeKind.Utc)), [1, 0, 0, 0, 0])));
        Assert.Equal(HttpStatusCode.Created, push.StatusCode);
    }

    [Fact]
    public async Task The_login_form_sets_a_session_and_logout_ends_it()
    {
        await using var hub = await StartAsync(NewDatabase());
        using var session = await HubSession.AnonymousAsync(hub);
        var page = await session.Client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var login = await session.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["name"] = "alice",
            ["password"] = Password,
            ["returnUrl"] = "https://evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/validate", login.Headers.Location!.OriginalString);
        var me = await session.RefreshAsync();
        Assert.Equal("alice", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("canAnnotate").GetBoolean());

        var logout = await session.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = session.Csrf }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await session.RefreshAsync()).GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task On_a_private_hub_a_logged_in_account_reads_and_an_anonymous_visitor_can_only_log_in()
    {
        await using var hub = await StartAsync(NewDatabase(), privateReads: true);
        using var anonymous = await HubSession.AnonymousAsync(hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/api/v1/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/validate")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Client.GetAsync("/login")).StatusCode);
        using var rita = await HubSession.LoginAsync(hub, "rita", Password);
        Assert.Equal(HttpStatusCode.OK, (await rita.Client.GetAsync("/api/v1/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rita.Client.GetAsync($"/api/v1/datasets/ds/validation/queue?bin={Lid}")).StatusCode);
    }

    [Fact]
    public async Task Decisions_keep_the_prediction_both_annotators_and_nobody_changes_anothers()
    {
        await using var hub = await StartAsync(NewDatabase());
        using var alice = await HubSession.LoginAsync(hub, "alice", Password);
        using var bob = await HubSession.LoginAsync(hub, "bob", Password);
        const string url = "/api/v1/datasets/ds/validation/decisions";

        // When alice confirms ROI 10 and relabels ROI 9, and bob calls ROI 10 a ciliate
        var mine = await Json(await alice.SendAsync(HttpMethod.Post, url, Decisions("score", (10, Alex), (9, "Ciliate"))));
        var theirs = await Json(await bob.SendAsync(HttpMethod.Post, url, Decisions("score", (10, "Ciliate"))));

        // Then each decision holds the annotator, the model's prediction and score read from the stored scores
        var first = mine.GetProperty("decisions")[0];
        Assert.Equal(Alex, first.GetProperty("predicted").GetString());
        Assert.Equal(0.6 + (0.3 * 9 / 10), first.GetProperty("score").GetDouble(), 5);
        await using (var db = hub.Database.CreateContext())
        {
            var rows = await db.ValidationDecisions.OrderBy(d => d.Id).ToListAsync();
            var users = await db.Users.ToDictionaryAsync(u => u.Id, u => u.Name);
            Assert.Equal(["alice:10:Alexandrium_catenella", "alice:9:Ciliate", "bob:10:Ciliate"], rows.Select(r => $"{users[r.UserId]}:{r.Roi}:{r.ClassName}"));
            Assert.All(rows, r => Assert.Equal(Alex, r.PredictedClass));
            Assert.All(rows, r => Assert.Equal("score", r.Queue));
            Assert.Equal(0.08f, (float)(rows[0].PredictedScore!.Value - rows[0].Margin!.Value), 5);
        }

        // And the queue shows alice her own decisions and bob's
        var queue = await Json(await alice.Client.GetAsync("/api/v1/datasets/ds/validation/queue?class=" + Alex));
        var roi10 = queue.GetProperty("items").EnumerateArray().First(i => i.GetProperty("roi").GetInt32() == 10);
        Assert.Equal(Alex, roi10.GetProperty("mine").GetProperty("class").GetString());
        Assert.Equal("bob", roi10.GetProperty("others")[0].GetProperty("user").GetString());

        // bob cannot change or delete alice's decision; alice can change and undo her own
        var aliceId = first.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SendAsync(HttpMethod.Delete, $"{url}/{aliceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SendAsync(HttpMethod.Put, $"{url}/{aliceId}", new { @class = "detritus" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(HttpMethod.Put, $"{url}/{aliceId}", new { @class = "detritus" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(HttpMethod.Delete, $"{url}/{aliceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.SendAsync(HttpMethod.Delete, $"{url}/{aliceId}")).StatusCode);

        // Deciding again replaces one's own decision (one per annotator and ROI); an ROI without a score is refused
        var again = await Json(await alice.SendAsync(HttpMethod.Post, url, Decisions("score", (9, Alex))));
        Assert.Equal("Ciliate", again.GetProperty("decisions")[0].GetProperty("previous").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(HttpMethod.Post, url, Decisions("score", (99, Alex)))).StatusCode);
        await using (var db = hub.Database.CreateContext())
        {
            Assert.Equal(["alice:9:Alexandrium_catenella", "bob:10:Ciliate"], (await db.ValidationDecisions.Join(db.Users, d => d.UserId, u => u.Id, (d, u) => u.Name + ":" + d.Roi + ":" + d.ClassName).ToListAsync()).Order());
        }
    }

    [Fact]
    public async Task Queues_order_by_score_margin_random_sample_and_rarity()
    {
        await using var hub = await StartAsync(NewDatabase());
        async Task<int[]> Rois(string query)
            => [.. (await Json(await hub.Client.GetAsync("/api/v1/datasets/ds/validation/queue?" + query))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("roi").GetInt32())];

        Assert.Equal(new[] { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 }, await Rois($"class={Alex}"));
        Assert.Equal(new[] { 10, 9, 8 }, await Rois($"class={Alex}&limit=3"));
        Assert.Equal(new[] { 7, 6, 5 }, await Rois($"class={Alex}&offset=3&limit=3"));
        // Lowest margin first: the first ROI of every class has score 0.6; ties by ROI id.
        Assert.Equal(new[] { 1, 11, 16, 19, 21 }, await Rois("queue=uncertainty&limit=5"));
        // Rarest class first (class 3: ROIs 19-20), each class by score.
        Assert.Equal(new[] { 20, 19, 18, 17, 16 }, await Rois("queue=rare&limit=5"));
        // A seeded permutation of the class: stable across calls and pages, another seed differs.
        var random = await Rois($"class={Alex}&queue=random");
        Assert.Equal(Enumerable.Range(1, 10), random.Order());
        Assert.Equal(random, await Rois($"class={Alex}&queue=random"));
        Assert.Equal(random[4..], await Rois($"class={Alex}&queue=random&offset=4"));
        Assert.NotEqual(random, await Rois($"class={Alex}&queue=random&seed=2"));
        // Everything in a bin.
        Assert.Equal(40, (await Rois($"bin={Lid}&limit=100")).Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.GetAsync("/api/v1/datasets/ds/validation/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.GetAsync("/api/v1/datasets/ds/validation/queue?class=nope")).StatusCode);
    }

    [Fact]
    public async Task Stats_give_precision_from_the_random_sample_with_a_Wilson_interval_and_agreement()
    {
        await using var hub = await StartAsync(NewDatabase());
        using var alice = await HubSession.LoginAsync(hub, "alice", Password);
        using var bob = await HubSession.LoginAsync(hub, "bob", Password);
        const string url = "/api/v1/datasets/ds/validation/decisions";
        // alice: the random sample of Alexandrium, 8 confirmed and 2 relabelled; one more confirmed from the score queue (not in the sample).
        var sample = Enumerable.Range(1, 10).Select(r => (r, r <= 8 ? Alex : "detritus")).ToArray();
        await Json(await alice.SendAsync(HttpMethod.Post, url, Decisions("random", sample)));
        await Json(await alice.SendAsync(HttpMethod.Post, url, Decisions("score", (11, "Dinophysis_acuminata"))));
        // bob agrees on ROI 1 and disagrees on ROI 9 (alice said detritus; bob Alexandrium).
        await Json(await bob.SendAsync(HttpMethod.Post, url, Decisions("random", (1, Alex), (9, Alex))));

        var stats = await Json(await hub.Client.GetAsync("/api/v1/datasets/ds/validation/stats?model=m1"));
        var alex = stats.GetProperty("classes").EnumerateArray().First(c => c.GetProperty("class").GetString() == Alex);
        Assert.Equal(8 + 2, alex.GetProperty("confirmed").GetInt32());
        Assert.Equal(2, alex.GetProperty("relabelled").GetInt32());
        // The first decision per ROI: alice's 10.
        Assert.Equal(10, alex.GetProperty("randomSample").GetInt32());
        Assert.Equal(0.8, alex.GetProperty("precision").GetDouble(), 12);
        // Wilson 95 % for 8 of 10 (e.g. statsmodels proportion_confint(8, 10, method='wilson')): 0.4902, 0.9433.
        Assert.Equal(0.4902, alex.GetProperty("precisionLow").GetDouble(), 4);
        Assert.Equal(0.9433, alex.GetProperty("precisionHigh").GetDouble(), 4);
        // ROIs 1 and 9 were seen twice and both involve Alexandrium: one agreed.
        Assert.Equal(2, alex.GetProperty("sharedRois").GetInt32());
        Assert.Equal(0.5, alex.GetProperty("agreement").GetDouble(), 12);
        var dino = stats.GetProperty("classes").EnumerateArray().First(c => c.GetProperty("class").GetString() == "Dinophysis_acuminata");
        Assert.Equal(1, dino.GetProperty("confirmed").GetInt32());
        Assert.Equal(JsonValueKind.Null, dino.GetProperty("precision").ValueKind);
        Assert.Equal([("alice", 11), ("bob", 2)], stats.GetProperty("annotators").EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("decisions").GetInt32())));
        Assert.Contains("Alexandrium_catenella,10,2,10,8,0.8,", await hub.Client.GetStringAsync("/api/v1/datasets/ds/validation/stats?model=m1&format=csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_as_csv_and_mat_is_read_back_by_the_label_reader_and_imports_round_trip()
    {
        await using var hub = await StartAsync(NewDatabase());
        using var alice = await HubSession.LoginAsync(hub, "alice", Password);
        using var bob = await HubSession.LoginAsync(hub, "bob", Password);
        const string url = "/api/v1/datasets/ds/validation/decisions";
        await Json(await alice.SendAsync(HttpMethod.Post, url, Decisions("score", (10, Alex), (9, "Ciliate"), (21, "detritus"))));
        await Json(await bob.SendAsync(HttpMethod.Post, url, Decisions("score", (9, Alex))));
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-export-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            // The latest decision per ROI (bob's on ROI 9); alice's alone with ?annotator=.
            var csv = Path.Combine(dir, "labels.csv");
            await File.WriteAllBytesAsync(csv, await hub.Client.GetByteArrayAsync("/api/v1/datasets/ds/validation/export?format=csv"));
            var expected = new[] { $"{Lid}_00009:{Alex}", $"{Lid}_00010:{Alex}", $"{Lid}_00021:detritus" };
            Assert.Equal(expected, RoiLabelSet.Load([csv]).Labels.Select(l => l.Pid + ":" + l.Class));
            var alicesCsv = await hub.Client.GetStringAsync("/api/v1/datasets/ds/validation/export?format=csv&annotator=alice");
            Assert.Contains($"{Lid}_00009,Ciliate", alicesCsv, StringComparison.Ordinal);

            var mats = Path.Combine(dir, "manual");
            await ExtractMatAsync(hub, mats);
            Assert.Equal([Lid + ".mat"], Directory.GetFiles(mats).Select(Path.GetFileName));
            Assert.Equal(expected, RoiLabelSet.Load([mats]).Labels.Select(l => l.Pid + ":" + l.Class));

            // Import the .mat folder under another account and a CSV through the API (admin): both stored as decisions.
            var validation = hub.App.Services.GetRequiredService<ValidationService>();
            Assert.Equal((3, 0), await validation.ImportAsync("lab", RoiLabelSet.Load([mats]).Labels, "history", default));
            using var root = await HubSession.LoginAsync(hub, "root", Password);
            using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets/lab/validation/import?annotator=history") { Content = new StringContent($"pid,class\n{Lid}_00009,Ciliate\n{Lid}_00030,detritus\n", System.Text.Encoding.UTF8, "text/csv") })
            {
                request.Headers.Add("X-CSRF-TOKEN", root.Csrf);
                var imported = await Json(await root.Client.SendAsync(request));
                Assert.Equal(1, imported.GetProperty("added").GetInt32());
                Assert.Equal(1, imported.GetProperty("replaced").GetInt32());
            }

            var lab = await hub.Client.GetStringAsync("/api/v1/datasets/lab/validation/export?format=csv");
            Assert.Equal($"pid,class\n{Lid}_00009,Ciliate\n{Lid}_00010,{Alex}\n{Lid}_00021,detritus\n{Lid}_00030,detritus\n", lab);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Downloads the .mat export and unpacks it into <paramref name="folder"/>.</summary>
    internal static async Task ExtractMatAsync(TestHub hub, string folder, string query = "")
    {
        var zip = await hub.Client.GetAsync("/api/v1/datasets/ds/validation/export?format=mat" + query);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        archive.ExtractToDirectory(folder);
    }
}

/// <summary>The validation suite on the embedded SQLite database, plus the checks that need no database twice.</summary>
public sealed class SqliteValidationTests : ValidationTests
{
    protected override string? NewDatabase() => null;

    [Theory]
    [InlineData(8, 10, 0.4902, 0.9433)]
    [InlineData(0, 5, 0.0, 0.4345)]
    [InlineData(5, 5, 0.5655, 1.0)]
    [InlineData(1, 1, 0.2065, 1.0)]
    public void The_Wilson_interval_matches_published_values(int k, int n, double low, double high)
    {
        var (l, h) = WilsonInterval.Of(k, n);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
        Assert.True(double.IsNaN(WilsonInterval.Of(0, 0).Low));
    }

    /// <summary>
    /// The keys that sign session cookies live under --data, so a cookie signed before a restart is read after it
    /// (and a lab can back them up or share them between hub processes).
    /// </summary>
    [Fact]
    public async Task Session_keys_are_kept_under_the_data_folder_and_survive_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new Ifcb.Server.Hosting.HubOptions { DataDir = dir, Urls = "http://127.0.0.1:0" };
            string signed;
            await using (var first = await Ifcb.Server.Hosting.HubServer.BuildAsync(options))
            {
                signed = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("alice");
            }

            Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "keys"), "key-*.xml"));
            // Stored unencrypted, as on any server without a key vault: only the hub's account may read them.
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(dir, "keys")));
            }
            await using var second = await Ifcb.Server.Hosting.HubServer.BuildAsync(options);
            var protector = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            Assert.Equal("alice", protector.Unprotect(signed));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The .mat export read by scipy, as MATLAB users would load it.</summary>
    [Fact]
    [Trait("Category", "Reference")]
    public async Task The_mat_export_is_read_by_scipy()
    {
        await using var hub = await StartAsync(null);
        using var alice = await HubSession.LoginAsync(hub, "alice", Password);
        var response = await alice.SendAsync(HttpMethod.Post, "/api/v1/datasets/ds/validation/decisions",
            new { model = "m1", queue = "score", items = new[] { new { bin = Lid, roi = 3, @class = "Ciliate" }, new { bin = Lid, roi = 21, @class = "detritus" } } });
        Assert.True(response.IsSuccessStatusCode);
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-export-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await ExtractMatAsync(hub, dir);
            var script = """
                import sys, scipy.io
                m = scipy.io.loadmat(sys.argv[1])
                import math
                names = [str(x[0]) for x in m['class2use_manual'][0]]
                rows = m['classlist']
                print(f"rows {len(rows)} numbered {all(int(r[0]) == i + 1 for i, r in enumerate(rows))}")
                for roi, manual, auto in rows:
                    if not math.isnan(manual):
                        print(f"{int(roi)}:{names[int(manual) - 1]}:{auto}")
                """;
            var output = RunPython(script, Path.Combine(dir, Lid + ".mat")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // One row per ROI of the bin (as manual_classify writes them), undecided ones NaN.
            Assert.Equal("rows 40 numbered True", output[0]);
            Assert.Equal(["3:Ciliate:nan", "21:detritus:nan"], output[1..]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string RunPython(string script, string argument)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return output;
    }
}

/// <summary>The validation suite on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresValidationTests(PostgresCluster cluster) : ValidationTests
{
    protected override string? NewDatabase() => cluster.CreateDatabase();
}
