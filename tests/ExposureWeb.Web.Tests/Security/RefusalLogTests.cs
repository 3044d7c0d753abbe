using ExposureWeb.Data.Accounts;
using Microsoft.AspNetCore.Hosting;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Hubs;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>A client probing portfolio ids over the hub is refused every time but cannot fill the app's log.</summary>
public sealed class RefusalLogTests : IAsyncLifetime
{
    private readonly ExposureWebFactory _parent = new(AuthApp.ChainSettings());
    // The hub's own log and SignalR's, where a refused call and its exception would be written; the engine's reports of
    // this app's dead node are not the hub's business.
    private readonly LogLineCounter _log = new("ExposureWeb.Hubs", "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Http.Connections");
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _factory = _parent.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_log)));
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _parent.DisposeAsync();
    }

    [Fact]
    public async Task SubscribePortfolio_ThousandRefusedIds_AllRefusedAndAFewLogLinesWithoutStackTraces()
    {
        var userId = (await _factory.Services.GetRequiredService<AccountStore>().SignInAsync(TestWallet.Bob.Address.ToString(), "local")).UserId;
        var (_, _, token) = await _factory.Services.GetRequiredService<ApiTokenStore>().CreateAsync(userId, "prober", TimeSpan.FromDays(1));
        await using var prober = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.Server.BaseAddress, ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => _factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await prober.StartAsync();
        _log.Reset();

        var refused = 0;
        for (var id = 500_000; id < 501_000; id++)
        {
            try
            {
                await prober.InvokeAsync<PortfolioSubscription>(nameof(ExposureHub.SubscribePortfolio), id);
            }
            catch (HubException)
            {
                refused++;
            }
        }
        await prober.StopAsync();
        await Poll.UntilAsync(() => _log.Entries >= 2, "the connection's closing summary");

        Assert.Equal(1000, refused);
        // One line for the first refusal, one summing up the connection at its close; whatever else the app logged meanwhile stays small.
        Assert.True(_log.Lines is >= 2 and <= 10, $"{_log.Lines} log lines, e.g.:{Environment.NewLine}{string.Join(Environment.NewLine, _log.Sample)}");
        Assert.Equal(0, _log.WithException);
    }
}
