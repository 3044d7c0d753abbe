using System.Diagnostics;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The embedded chain persists like a real chain: a second start on the same data folder continues the first start's
/// chain (same contracts, block height and prices carry on) without deploying again; <c>--reset</c> starts over.
/// </summary>
public sealed class DevChainRestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("devchain-restart-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Start_SavedChainInDataFolder_ContinuesItWithinThirtySecondsWithoutRedeploying()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        ChainProfile first;
        ulong headBefore;
        System.Numerics.BigInteger ethBefore;
        using (var host = await StartAsync([], limit.Token))
        {
            first = await host.Services.GetRequiredService<DevChainState>().Ready.WaitAsync(limit.Token);
            var eth = Eth(first);
            await eth.RequestAsync<string>("evm_mine", [], limit.Token);
            headBefore = await eth.BlockNumberAsync(limit.Token);
            ethBefore = await EthAnswerAsync(eth, first, limit.Token);
            await host.StopAsync(limit.Token);
        }

        var watch = Stopwatch.StartNew();
        var logs = new ListLogger();
        using (var host = await StartAsync([], limit.Token, logs))
        {
            var second = await host.Services.GetRequiredService<DevChainState>().Ready.WaitAsync(limit.Token);
            var ready = watch.Elapsed;
            var eth = Eth(second);

            Assert.True(ready < TimeSpan.FromSeconds(30), $"the saved chain took {ready.TotalSeconds:0.0} s to come back");
            Assert.Equal(first.Multicall3, second.Multicall3);
            Assert.Equal(first.AaveV3!.Pool, second.AaveV3!.Pool);
            Assert.True(await eth.BlockNumberAsync(limit.Token) >= headBefore, "the block height went back");
            Assert.Equal(ethBefore, await EthAnswerAsync(eth, second, limit.Token));
            Assert.Contains(logs.Messages, m => m.Contains("continuing the saved chain", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Messages, m => m.Contains("demo protocols deployed", StringComparison.Ordinal));
            await host.StopAsync(limit.Token);
        }

        var resetLogs = new ListLogger();
        using (var host = await StartAsync(["--reset"], limit.Token, resetLogs))
        {
            var third = await host.Services.GetRequiredService<DevChainState>().Ready.WaitAsync(limit.Token);
            Assert.True(await Eth(third).BlockNumberAsync(limit.Token) < headBefore, "a reset chain starts from the beginning");
            Assert.Contains(resetLogs.Messages, m => m.Contains("starting a fresh chain: a reset was asked for", StringComparison.Ordinal));
            await host.StopAsync(limit.Token);
        }
    }

    private async Task<IHost> StartAsync(string[] args, CancellationToken ct, ListLogger? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(DevChainCommandLine.Expand(args));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DevChain:DataDirectory"] = _data,
            ["DevChain:TickSeconds"] = "0",
        });
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.AddExposureChains();
        builder.AddExposureDevChain();
        var host = builder.Build();
        await host.StartAsync(ct);
        return host;
    }

    private static EthClient Eth(ChainProfile profile) => new(new JsonRpcHttpClient(new Uri(profile.RpcUrls[0])));

    private static async Task<System.Numerics.BigInteger> EthAnswerAsync(EthClient eth, ChainProfile profile, CancellationToken ct)
    {
        var feed = ExposureWeb.Chain.Primitives.Address.Parse(profile.PriceFeeds.Single(f => f.Underlying == "ETH").Address);
        var data = await eth.CallAsync(feed, new LatestRoundDataFunction().GetCallData(), BlockParameter.Latest, ct: ct);
        return Abi.SpanAbiDecoder.Decode<LatestRoundDataOutput>(data).Answer;
    }

    /// <summary>Keeps every log message, for the test to read which way the dev chain started.</summary>
    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages) Messages.Add(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
