using System.Net.Http.Json;
using System.Text.Json;

namespace ExposureWeb.E2E;

/// <summary>The embedded node lives and dies with the app.</summary>
public sealed class AppLifecycleTests
{
    [Fact]
    public async Task App_KilledWithoutCleanup_AnvilStopsToo()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>());
        var port = await WaitForDevChainPortAsync(app);
        Assert.Single(AnvilProcesses.ServingPort(port));

        await app.CrashAsync();

        await Eventually.Until(() => Task.FromResult(AnvilProcesses.ServingPort(port).Count), n => n == 0,
            TimeSpan.FromSeconds(10), "anvil exiting after the app was killed");
    }

    private static async Task<int> WaitForDevChainPortAsync(AppProcess app)
    {
        using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until(async () => await http.GetFromJsonAsync<JsonElement>("/health"),
            h => h.GetProperty("status").GetString() == "Healthy", TimeSpan.FromSeconds(90), "app healthy");
        var profile = Chain.Profiles.ChainProfileFile.Load(app.DevChainProfilePath);
        return new Uri(profile.RpcUrls[0]).Port;
    }
}
