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

        await Poll.UntilAsync(() => Task.FromResult(AnvilProcesses.ServingPort(port).Count), n => n == 0,
            "anvil exiting after the app was killed", TimeSpan.FromSeconds(10));
    }

    private static async Task<int> WaitForDevChainPortAsync(AppProcess app)
    {
        using var http = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () => await http.GetFromJsonAsync<JsonElement>("/health"),
            h => h.GetProperty("status").GetString() == "Healthy", "app healthy", TimeSpan.FromSeconds(90));
        var profile = Chain.Profiles.ChainProfileFile.Load(app.DevChainProfilePath);
        return new Uri(profile.RpcUrls[0]).Port;
    }
}
