using System.Text.Json.Nodes;
using Ifcb.Formats.Labels;
using Ifcb.Server.Auth;
using Ifcb.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ifcb.Server.Tests;

/// <summary>
/// The validation screen in Debian's headless chromium: log in, open a class queue, confirm 10 ROIs and relabel 5
/// with the keyboard, undo one, log out; then the database, the CSV and the .mat export hold exactly those decisions.
/// Screenshots land in the test output folder under screenshots/.
/// </summary>
public sealed class ValidationBrowserTests
{
    [Fact]
    public async Task An_annotator_validates_a_class_queue_with_the_keyboard()
    {
        var (raw, images) = HeadlessChromium.CopyFixtureBin();

        Assert.True(images.Length >= 15);
        await using var hub = await TestHub.StartAsync(null, raw: [raw]);
        var lid = Path.GetFileName(TestBins.McLane);
        // Every image predicted Alexandrium, scores falling with the image's place, so the score queue shows them in order.
        var body = Payloads.Bin(lid, [images.Length, 0, 0, 0, 0], scores: true);
        var floats = new float[images.Length * 5];
        for (var i = 0; i < images.Length; i++)
        {
            floats[i * 5] = 0.95f - (0.02f * i);
            for (var c = 1; c < 5; c++)
            {
                floats[(i * 5) + c] = (1 - floats[i * 5]) / 4;
            }
        }

        var bytes = new byte[floats.Length * 4];
        Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);
        body["scores"] = new JsonObject { ["roiNumbers"] = new JsonArray([.. images.Select(t => (JsonNode)t)]), ["float32Base64"] = Convert.ToBase64String(bytes) };
        Assert.True((await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(body))).IsSuccessStatusCode);
        await hub.App.Services.GetRequiredService<UserService>().AddOrUpdateAsync("alice", HubRoles.Annotator, ValidationTests.Password);

        using var chromium = new HeadlessChromium();
        var driver = chromium.Driver;
        try
        {
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
            // A form post navigates: the old page's body may go stale while it is read.
            wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
            void At(string path) => wait.Until(d => new Uri(d.Url).AbsolutePath == path);
            void Ready() => wait.Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-ready") == "true");
            int Count(string css) => driver.FindElements(By.CssSelector(css)).Count;
            void Key(string keys, string css, int expected)
            {
                driver.SwitchTo().ActiveElement().SendKeys(keys);
                wait.Until(_ => Count(css) == expected);
            }

            // Log in through the form; it returns to the validation screen.
            var queue = $"/validate?dataset=ds&model=m1&class=Alexandrium_catenella&queue=score";
            driver.Navigate().GoToUrl(hub.Address + "/login?returnUrl=" + Uri.EscapeDataString(queue));
            driver.FindElement(By.Id("name")).SendKeys("alice");
            driver.FindElement(By.Id("password")).SendKeys(ValidationTests.Password);
            chromium.Save("validate-login");
            driver.FindElement(By.Id("login")).Click();
            At("/validate");
            Ready();
            Assert.Contains("alice (annotator)", driver.FindElement(By.Id("who")).Text, StringComparison.Ordinal);
            int Loaded() => Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return Array.from(document.querySelectorAll('#mosaic img')).filter(i => i.complete && i.naturalWidth > 0).length;"));
            wait.Until(_ => Loaded() == images.Length);
            chromium.Save("validate-queue");

            // Confirm the first 10 with Enter (each moves to the next image).
            ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('mosaic').focus(); v.focus = 0; paint();");
            for (var i = 1; i <= 10; i++)
            {
                Key(Keys.Enter, "#mosaic .tile.confirmed", i);
            }

            // Select three (Space, arrows) and relabel them at once through the type-ahead box...
            driver.SwitchTo().ActiveElement().SendKeys(Keys.Space + Keys.ArrowRight + Keys.Space + Keys.ArrowRight + Keys.Space);
            wait.Until(_ => Count("#mosaic .tile.selected") == 3);
            driver.SwitchTo().ActiveElement().SendKeys("r");
            wait.Until(d => d.SwitchTo().ActiveElement().GetAttribute("id") == "relabel");
            Key("Ciliate" + Keys.Enter, "#mosaic .tile.relabelled", 3);
            // ...then two more one by one with the class's number key (5: detritus), and undo the last.
            driver.FindElement(By.Id("mosaic")).SendKeys(Keys.ArrowRight);
            Key("5", "#mosaic .tile.relabelled", 4);
            Key("5", "#mosaic .tile.relabelled", 5);
            chromium.Save("validate-decided");
            Key("u", "#mosaic .tile.relabelled", 4);
            Assert.Equal(10, Count("#mosaic .tile.confirmed"));
            chromium.Save("validate-after-undo");

            driver.Navigate().GoToUrl(hub.Address + "/validation/stats?dataset=ds&model=m1");
            Ready();
            Assert.Contains(driver.FindElements(By.CssSelector("#stats tr.class-row")), r => r.Text.StartsWith("Alexandrium_catenella 10 4", StringComparison.Ordinal));
            chromium.Save("validation-stats");

            // Log out.
            driver.Navigate().GoToUrl(hub.Address + queue);
            Ready();
            driver.FindElement(By.Id("logout")).Click();
            At("/");
            Ready();
            driver.Navigate().GoToUrl(hub.Address + queue);
            Ready();
            Assert.NotEmpty(driver.FindElements(By.Id("login-link")));
        }
        finally
        {
            Directory.Delete(raw, recursive: true);
        }

        // The database holds exactly those decisions: images 0-9 confirmed, 10-12 Ciliate, 13 detritus (14 undone).
        var expected = images.Take(10).Select(t => $"{t}:Alexandrium_catenella")
            .Concat(images.Skip(10).Take(3).Select(t => $"{t}:Ciliate")).Append($"{images[13]}:detritus").ToList();
        await using (var db = hub.Database.CreateContext())
        {
            var rows = await db.ValidationDecisions.OrderBy(d => d.Roi).ToListAsync();
            Assert.Equal(expected.Order(), rows.Select(r => $"{r.Roi}:{r.ClassName}").Order());
            Assert.All(rows, r => Assert.Equal("Alexandrium_catenella", r.PredictedClass));
        }

        // And both exports hold them, read back by the labels reader of ifcb train/evaluate.
        var dir = Path.Combine(Path.GetTempPath(), "ifcb-export-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "labels.csv");
            await File.WriteAllBytesAsync(csv, await hub.Client.GetByteArrayAsync("/api/v1/datasets/ds/validation/export?format=csv"));
            Assert.Equal(expected.Order(), RoiLabelSet.Load([csv]).Labels.Select(l => $"{l.Target}:{l.Class}").Order());
            var mats = Path.Combine(dir, "manual");
            await ValidationTests.ExtractMatAsync(hub, mats);
            Assert.Equal(expected.Order(), RoiLabelSet.Load([mats]).Labels.Select(l => $"{l.Target}:{l.Class}").Order());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
