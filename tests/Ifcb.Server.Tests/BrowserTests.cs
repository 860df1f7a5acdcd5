using System.Text.Json.Nodes;
using Ifcb.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Ifcb.Server.Tests;

/// <summary>
/// The pages in a real browser: Debian's chromium, headless, driven by its chromedriver through Selenium (nothing
/// downloaded). Screenshots of each page land in the test output folder (screenshots/).
/// </summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task Overview_series_bin_and_alerts_pages_show_the_pushed_data()
    {
        var (raw, images) = HeadlessChromium.CopyFixtureBin();

        await using var hub = await TestHub.StartAsync(null, raw: [raw]);
        var lid = Path.GetFileName(TestBins.McLane);
        // The real bin with scores for its images (5 classes, winners spread over them), 1 Alexandrium in 5 mL: an alert.
        var counts = new int[5];
        for (var i = 0; i < images.Length; i++)
        {
            counts[i % 5]++;
        }

        var body = Payloads.Bin(lid, counts, scores: true);
        var rois = new JsonArray();
        foreach (var t in images)
        {
            rois.Add(t);
        }

        // Scores were made for ROIs 1..n in class order; renumber them to the bin's image targets (same count).
        body["scores"]!["roiNumbers"] = rois;
        await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(body));
        var t0 = new DateTime(2022, 5, 10, 0, 0, 0, DateTimeKind.Utc);
        for (var d = 0; d < 6; d++)
        {
            var r = await hub.Client.PostAsync("/api/v1/datasets/ds/bins", Payloads.Json(Payloads.Bin(Payloads.Lid(t0.AddDays(d), 134), [0, d, 0, 1, 2])));
            Assert.True(r.IsSuccessStatusCode);
        }

        using var chromium = new HeadlessChromium();
        var driver = chromium.Driver;
        try
        {
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
            void Ready() => wait.Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-ready") == "true");

            driver.Navigate().GoToUrl(hub.Address + "/");
            Ready();
            Assert.Contains("ds", driver.FindElement(By.CssSelector("#datasets tr.dataset")).Text, StringComparison.Ordinal);
            Assert.Contains(driver.FindElements(By.CssSelector("#alerts tr.alert-row")), row => row.Text.Contains("Alexandrium", StringComparison.Ordinal));
            chromium.Save("overview");

            driver.Navigate().GoToUrl(hub.Address + "/series?dataset=ds&resolution=bin&classes=Alexandrium_catenella,Dinophysis_acuminata");
            Ready();
            // 7 bins x 2 classes, one point each at bin resolution, and the two classes' alert levels.
            Assert.Equal(14, driver.FindElements(By.CssSelector("#plot circle.pt")).Count);
            Assert.Equal(2, driver.FindElements(By.CssSelector("#plot line.level")).Count);
            chromium.Save("series");

            driver.Navigate().GoToUrl(hub.Address + $"/bin?dataset=ds&bin={lid}");
            Ready();
            int Loaded() => Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return Array.from(document.querySelectorAll('#mosaic img')).filter(i => i.complete && i.naturalWidth > 0).length;"));
            wait.Until(_ => Loaded() == images.Length);
            Assert.Equal(images.Length, Loaded());
            Assert.Equal(5, driver.FindElements(By.CssSelector("#counts tbody tr")).Count);
            chromium.Save("bin");

            driver.Navigate().GoToUrl(hub.Address + "/alerts");
            Ready();
            Assert.NotEmpty(driver.FindElements(By.CssSelector("#alerts tr.alert-row")));
            chromium.Save("alerts");
        }
        finally
        {
            Directory.Delete(raw, recursive: true);
        }
    }
}
