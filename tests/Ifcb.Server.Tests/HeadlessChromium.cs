using Ifcb.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Ifcb.Server.Tests;

/// <summary>
/// Debian's chromium, headless, driven by its own chromedriver through Selenium (nothing downloaded), with a private
/// profile folder removed on dispose; screenshots land in the test output folder (screenshots/).
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "ifcb-chromium-" + Guid.NewGuid().ToString("N")[..8]);

    public HeadlessChromium()
    {
        Assert.True(File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver"), "chromium and chromium-driver are needed (./test installs them when root)");
        Directory.CreateDirectory(Shots);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400", "--user-data-dir=" + _profile);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Saves a screenshot of the page as screenshots/<paramref name="name"/>.png.</summary>
    public void Save(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(Shots, name + ".png"));

    /// <summary>A copy of the real McLane fixture bin in a new temporary folder, and the ROI numbers that have an image.</summary>
    public static (string Folder, int[] Images) CopyFixtureBin()
    {
        var raw = Path.Combine(Path.GetTempPath(), "ifcb-hub-raw-" + Guid.NewGuid().ToString("N")[..8]);
        TestData.CopyBin(TestBins.McLane, raw);
        using var bin = Ifcb.Data.Bin.Open(Path.Combine(raw, Path.GetFileName(TestBins.McLane)));
        return (raw, [.. bin.Images.Where(t => bin.GetImageSize(t) is { Width: > 0, Height: > 0 })]);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
