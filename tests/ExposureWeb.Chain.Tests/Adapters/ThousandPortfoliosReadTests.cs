using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using Nethereum.Contracts;
using Nethereum.Contracts.QueryHandlers.MultiCall;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>
/// The engine's per-block read at scale: 1 000 portfolios of three addresses (the demo's three wallets holding every
/// position kind, and 2 497 other addresses; 500 addresses in two portfolios each) read at one block with the engine's
/// default limits, every eth_call recorded and its aggregate3 decoded.
/// </summary>
public sealed class ThousandPortfoliosReadTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private const int Portfolios = 1_000, DistinctAddresses = 2_500;

    private static IReadOnlyList<IReadOnlyList<Address>> ThousandPortfolios()
    {
        var addresses = new List<Address> { DemoChain.Trader, DemoChain.Treasury, ThirdWallet.Address };
        addresses.AddRange(FreshAddresses.Create(DistinctAddresses - addresses.Count, "portfolio address"));
        // Consecutive triples, wrapping: 3 000 slots over 2 500 addresses, so the first 500 are in two portfolios each.
        return Enumerable.Range(0, Portfolios)
            .Select(p => (IReadOnlyList<Address>)Enumerable.Range(0, 3).Select(k => addresses[(3 * p + k) % DistinctAddresses]).ToList())
            .ToList();
    }

    [Fact]
    public async Task ReadManyAsync_ThousandPortfoliosOneBlock_RoundTripsAtMostTheBatchesTheLimitsRequirePlusOne()
    {
        await ThirdWallet.SeedAsync(Chain.Eth, Chain.Profile);
        var options = new PositionsReaderOptions(); // the engine's defaults (EngineOptions mirrors them)
        var recording = new RecordingTransport(Chain.Rpc);
        var counting = new CountingTransport(recording);
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache(), options);
        var portfolios = ThousandPortfolios();
        await reader.ReadManyAsync(new EthClient(counting), portfolios, BlockParameter.Latest); // cold: discovery rounds
        var block = BlockParameter.FromNumber(await Chain.Eth.BlockNumberAsync());
        counting.Reset();
        recording.Calls.Clear();

        var snapshots = await reader.ReadManyAsync(new EthClient(counting), portfolios, block);

        var multicalls = recording.Calls.Select(c => (Bytes: (c.Data.Length - 2) / 2, Calls: new Aggregate3Function().DecodeInput(c.Data).Calls)).ToList();
        var calls = multicalls.SelectMany(m => m.Calls).Select(c => (Target: c.Target.ToLowerInvariant(), Data: Convert.ToHexStringLower(c.CallData))).ToList();
        Assert.All(multicalls, m => Assert.InRange(m.Calls.Count, 1, options.MaxCallsPerMulticall));
        Assert.All(multicalls, m => Assert.InRange(m.Bytes, 1, options.MaxBytesPerMulticall));
        Assert.Equal(calls.Count, calls.Distinct().Count()); // each distinct call once per block, however many portfolios need it

        int required = Math.Max(Ceiling(calls.Count, options.MaxCallsPerMulticall), Ceiling(multicalls.Sum(m => m.Bytes), options.MaxBytesPerMulticall));
        Assert.InRange(multicalls.Count, required, required + 1);
        Assert.InRange(counting.RoundTrips, 1, required + 1);
        // No fewer HTTP requests than the per-request limits allow (eth_calls per batch, bytes per body).
        Assert.InRange(counting.RoundTrips, Math.Max(Ceiling(multicalls.Count, options.MaxCallsPerHttpBatch), Ceiling(recording.Calls.Sum(c => c.Data.Length), options.MaxRequestBytes)), int.MaxValue);

        Assert.Equal(Portfolios, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(block.Number, s.BlockNumber));
        Assert.All(snapshots, s => Assert.Empty(s.Errors));
        Assert.All(snapshots, s => Assert.Equal(1, s.Cost.RoundTrips));
        // The demo's three wallets are the first portfolio: every kind, every position read cleanly.
        Assert.All(snapshots[0].Positions, p => Assert.True(p.IsOk, $"{p.Id}: {p.Error}"));
        Assert.Equal(5, snapshots[0].Positions.Select(p => p.Protocol).Distinct().Count());
    }

    private static int Ceiling(int value, int size) => (value + size - 1) / size;
}
