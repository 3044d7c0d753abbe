using System.Diagnostics;
using System.Numerics;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Anvil;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>An <c>eth_call</c> through Nethereum's typed query handler on the chain's client from <see cref="ChainClients"/>. Read-only.</summary>
public sealed class TypedQueryFailoverTests(DemoChain chain) : IClassFixture<DemoChain>
{
    [Fact]
    public async Task QueryAsync_FirstEndpointDown_SecondAnswersWithinOneSecond()
    {
        using var clients = new ChainClients(Options.Create(new ChainRpcOptions { RpcTimeoutMs = 2000, RpcRetries = 0 }), TimeProvider.System);
        var profile = chain.CloneProfile();
        profile.RpcUrls = [$"http://127.0.0.1:{FreePort.Pick()}/", .. profile.RpcUrls];
        var web3 = clients.For(profile).Web3;

        var clock = Stopwatch.StartNew();
        var balance = await web3.Eth.GetContractQueryHandler<BalanceOfFunction>()
            .QueryAsync<BigInteger>(chain.Token("WETH").ToString(), new BalanceOfFunction { Owner = DemoChain.Trader.ToString() });
        var elapsed = clock.Elapsed;

        Assert.Equal(12_500_000_000_000_000_000, balance); // the trader's seeded 12.5 WETH
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the second endpoint answered after {elapsed.TotalMilliseconds:0} ms");
    }
}
