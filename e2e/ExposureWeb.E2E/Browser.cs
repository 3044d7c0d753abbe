using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>Debian's Chromium driven by Playwright (no browser download: the machine has no internet).</summary>
public static class Browser
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new FileNotFoundException($"Chromium not found at {ExecutablePath}; install Debian's chromium package (scripts/test.sh does) or set CHROMIUM_PATH");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Without these, Chromium tries to reach Google's services, which this closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: e2e/output/ at the repository root.</summary>
    public static string OutputDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExposureWeb.sln"))) dir = dir.Parent;
            var output = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "e2e", "output");
            Directory.CreateDirectory(output);
            return output;
        }
    }
}
