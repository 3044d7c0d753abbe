using System.Numerics;
using System.Text.Json;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>
/// <see cref="PortfolioPositionsReader"/> on a chain that changes: round trips counted through an
/// <see cref="IRpcTransport"/> decorator, discovery refreshed within a block, reverted calls confined to their
/// positions. Each test starts from the freshly deployed demo.
/// </summary>
public sealed class PortfolioPositionsReaderTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly string[] EveryKind =
        [PositionProtocols.Spot, PositionProtocols.AaveV3, PositionProtocols.UniswapV3, PositionProtocols.GmxV2, PositionProtocols.OpynGamma];

    private Address[] ThreeAddresses => [DemoChain.Trader, DemoChain.Treasury, ThirdWallet.Address];

    private async Task<ulong> MineAsync()
    {
        await Chain.Eth.RequestAsync<JsonElement>("evm_mine", []);
        return await Chain.Eth.BlockNumberAsync();
    }

    [Fact]
    public async Task ReadAsync_ThreeAddressesHoldingEveryKind_FourRoundTripsColdThenOnePerBlock()
    {
        await ThirdWallet.SeedAsync(Chain.Eth, Chain.Profile);
        var counting = new CountingTransport(Chain.Rpc);
        var eth = new EthClient(counting);
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());
        ulong block = await Chain.Eth.BlockNumberAsync();

        // Cold cache: one round per dependency level of the deepest protocol, Uniswap —
        // (1) balanceOf + speculative tokenOfOwnerByIndex, (2) positions, (3) getPool, (4) slot0.
        // Aave (getReservesList → getReserveData → balances) and GMX (positions → getMarket) finish within those rounds.
        var cold = await reader.ReadAsync(eth, ThreeAddresses, block);
        Assert.Equal(4, counting.RoundTrips);
        Assert.Equal(4, cold.Cost.RoundTrips);
        foreach (var owner in ThreeAddresses)
        {
            Assert.Equal(EveryKind, cold.Positions.Where(p => p.Owner == owner).Select(p => p.Protocol).Distinct());
        }
        Assert.All(cold.Positions, p => Assert.True(p.IsOk, $"{p.Id}: {p.Error}"));

        // Steady state: the same block again, then the next block at 'latest' — one eth_call each.
        counting.Reset();
        var again = await reader.ReadAsync(eth, ThreeAddresses, block);
        Assert.Equal(1, counting.RoundTrips);

        ulong next = await MineAsync();
        counting.Reset();
        var nextBlock = await reader.ReadAsync(eth, ThreeAddresses, BlockParameter.Latest);
        Assert.Equal(1, counting.RoundTrips);
        Assert.InRange(counting.RoundTrips, 1, 2); // the acceptance bound
        Assert.Equal(next, nextBlock.BlockNumber);
        Assert.All(nextBlock.Positions, p => Assert.Equal(next, p.BlockNumber));

        // Nothing moved between the blocks: the same positions with the same raw values.
        Assert.Equal(cold.Positions.Select(p => (p.Id, string.Join(";", p.Raw))), again.Positions.Select(p => (p.Id, string.Join(";", p.Raw))));
        Assert.Equal(cold.Positions.Select(p => p.Id), nextBlock.Positions.Select(p => p.Id));
    }

    [Fact]
    public async Task ReadManyAsync_ThreePortfoliosSharingAddresses_OneEthCallEachAddressReadOnce()
    {
        var counting = new CountingTransport(Chain.Rpc);
        var eth = new EthClient(counting);
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());
        IReadOnlyList<Address>[] portfolios = [[DemoChain.Trader], [DemoChain.Treasury], [DemoChain.Trader, DemoChain.Treasury]];
        await reader.ReadManyAsync(eth, portfolios, BlockParameter.Latest);

        counting.Reset();
        var snapshots = await reader.ReadManyAsync(eth, portfolios, BlockParameter.Latest);

        // The third portfolio's addresses are the first two's: one aggregate3 eth_call carries the two addresses' calls once.
        Assert.Equal(1, counting.RoundTrips);
        Assert.Equal(1, counting.Requests);
        Assert.Equal(snapshots[0].Positions.Count + snapshots[1].Positions.Count, snapshots[2].Positions.Count);
        Assert.Equal(snapshots[0].Positions.Concat(snapshots[1].Positions).Select(p => p.Id).Order(), snapshots[2].Positions.Select(p => p.Id).Order());
        Assert.Single(snapshots.Select(s => s.BlockNumber).Distinct());
    }

    [Fact]
    public async Task ReadManyAsync_OneAddressNeedsMoreRounds_OtherPortfoliosReadyAfterTheFirst()
    {
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());
        IReadOnlyList<Address>[] portfolios = [[DemoChain.Trader], [DemoChain.Treasury]];
        await reader.ReadManyAsync(Chain.Eth, portfolios, BlockParameter.Latest);
        await ThirdWallet.MintLiquidityAsync(Chain.Eth, Chain.Profile, DemoChain.Trader, "USDC", "WETH", 500, 195_000, 197_000, 2e15);
        var ready = new List<(int Index, int RoundTrips)>();

        var snapshots = await reader.ReadManyAsync(Chain.Eth, portfolios, BlockParameter.Latest, onReady: (i, s) => ready.Add((i, s.Cost.RoundTrips)));

        // The treasury's portfolio is handed over after round 1 while the trader's new NFT is still being discovered.
        Assert.Equal([(1, 1), (0, 3)], ready);
        Assert.Equal(snapshots[0].BlockNumber, snapshots[1].BlockNumber);
        Assert.Equal(3, snapshots[0].Of(PositionProtocols.UniswapV3).Count());
    }

    [Fact]
    public async Task ReadAsync_NftReceivedAfterWarmUp_ReadInThreeRoundsAtOneBlock()
    {
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());
        var trader = DemoChain.Trader;
        await reader.ReadAsync(Chain.Eth, [trader], BlockParameter.Latest);
        await ThirdWallet.MintLiquidityAsync(Chain.Eth, Chain.Profile, trader, "USDC", "WETH", 500, 195_000, 197_000, 2e15);

        var snapshot = await reader.ReadAsync(Chain.Eth, [trader], BlockParameter.Latest);

        // Round 1: balanceOf says 3 and the speculative tokenOfOwnerByIndex(2) names token 8 (after the demo's seven);
        // round 2: positions(8) with the slot0 of every known pool, which includes its pool; round 3: the ticks of its
        // range, which its uncollected fees need.
        Assert.Equal(3, snapshot.Cost.Rounds);
        var minted = Assert.Single(snapshot.Of(PositionProtocols.UniswapV3), p => p.Raw["tokenId"] == "8");
        Assert.True(minted.IsOk, minted.Error);
        Assert.Equal([PositionMarkers.InRange], minted.Markers); // 195 000 ≤ 196 256 < 197 000
        Assert.Equal(3, snapshot.Of(PositionProtocols.UniswapV3).Count());
        Assert.All(snapshot.Positions, p => Assert.Equal(snapshot.BlockNumber, p.BlockNumber));
        Assert.Equal(1, (await reader.ReadAsync(Chain.Eth, [trader], BlockParameter.Latest)).Cost.Rounds);
    }

    [Fact]
    public async Task ReadAsync_EthFallsTo2000_AaveCrossCheckStillAgreesAndValuesFollow()
    {
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 2_000 * new BigInteger(100_000_000));
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());

        var snapshot = await reader.ReadAsync(Chain.Eth, [DemoChain.Trader], BlockParameter.Latest);

        // HF = (10 × 2 000 × 0.83 + 2 000 × 15 × 0.68) / (18 000 + 0.1 × 60 000) = (16 600 + 20 400) / 24 000 = 1.541666…
        var aave = Assert.Single(snapshot.Of(PositionProtocols.AaveV3));
        Assert.Null(aave.Error);
        // Within a millionth: interest accrues by the second; the protocol's and the reader's own figure agree closely.
        Assert.Equal(37_000.0 / 24_000, aave.Decoded["healthFactor"], 37_000.0 / 24_000 * 1e-6);
        Assert.Equal(aave.Decoded["healthFactor"], aave.Decoded["healthFactorComputed"], 1e-8); // Aave rounds each value down in base units
        // GMX long: collateral still 2.5 ETH, now worth 2.5 × 2 000 = 5 000 USD; entry price unchanged.
        var gmx = Assert.Single(snapshot.Of(PositionProtocols.GmxV2));
        var perp = Assert.IsType<PerpPosition>(gmx.Instrument);
        Assert.Equal((3_000.0, new PerpCollateral("ETH", 2.5)), (perp.EntryPrice, perp.Collateral));
        Assert.Equal(5_000.0, gmx.Decoded["collateralUsd"]);
    }

    [Fact]
    public async Task ReadAsync_OTokenAddressWithoutCode_ErrorOnThatPositionOnly()
    {
        var profile = Chain.CloneProfile();
        var nothing = Address.Parse("0x000000000000000000000000000000000000dEaD");
        profile.OTokens.Add(nothing.ToString());
        var reader = new PortfolioPositionsReader(profile, new PositionDiscoveryCache());

        var snapshot = await reader.ReadAsync(Chain.Eth, [DemoChain.Trader, DemoChain.Treasury], BlockParameter.Latest);

        var failed = snapshot.Positions.Where(p => p.Error is not null).ToList();
        Assert.Equal(2, failed.Count); // one per owner: without a balance nobody knows whether they hold it
        Assert.All(failed, p =>
        {
            Assert.Equal((PositionProtocols.OpynGamma, nothing), (p.Protocol, p.Contract));
            Assert.Null(p.Instrument);
            Assert.Contains("no data", p.Error);
        });
        Assert.Equal(19, snapshot.Positions.Count(p => p.IsOk)); // everything else as on the plain demo
    }

    [Fact]
    public async Task ReadAsync_PoolSlot0Reverts_ErrorOnThatPoolsPositionsOnly()
    {
        var reader = new PortfolioPositionsReader(Chain.Profile, new PositionDiscoveryCache());
        var owners = new[] { DemoChain.Trader, DemoChain.Treasury };
        var before = await reader.ReadAsync(Chain.Eth, owners, BlockParameter.Latest);
        var pool = Address.Parse(Single(before, "1").Raw["pool"]);
        // PUSH1 0 PUSH1 0 REVERT: every call to the WETH/USDC pool now reverts without a reason.
        await Chain.Eth.RequestAsync<JsonElement>("anvil_setCode", [pool.ToString(), "0x60006000fd"]);

        var snapshot = await reader.ReadAsync(Chain.Eth, owners, BlockParameter.Latest);

        foreach (var id in new[] { "1", "2" })
        {
            var broken = Single(snapshot, id);
            Assert.Null(broken.Instrument);
            Assert.Equal($"slot0() on pool {pool}: reverted without a reason", broken.Error);
            Assert.Equal(before.Positions.Single(p => p.Id == broken.Id).Raw["liquidity"], broken.Raw["liquidity"]); // what was read is kept
        }
        Assert.True(Single(snapshot, "3").IsOk); // the WBTC/WETH pool
        Assert.Equal(before.Positions.Count - 2, snapshot.Positions.Count(p => p.IsOk));
        Assert.Empty(snapshot.Errors);
    }

    [Fact]
    public async Task ReadAsync_TokenMissingFromTheProfile_ErrorOnPositionsInItOnly()
    {
        ChainProfile profile = Chain.CloneProfile();
        profile.Tokens.RemoveAll(t => t.Symbol == "WBTC");
        var reader = new PortfolioPositionsReader(profile, new PositionDiscoveryCache());
        var wbtc = Chain.Token("WBTC");

        var snapshot = await reader.ReadAsync(Chain.Eth, [DemoChain.Trader, DemoChain.Treasury], BlockParameter.Latest);

        // WBTC/WETH NFT 3 and the BTC short: no instrument; each Aave account: its WBTC leg dropped, the error says why.
        var nft = Single(snapshot, "3");
        Assert.Null(nft.Instrument);
        Assert.Contains($"token0 {wbtc} is not in chain profile 'local'", nft.Error);
        var shortBtc = Assert.Single(snapshot.Of(PositionProtocols.GmxV2), p => p.Owner == DemoChain.Treasury);
        Assert.Contains($"index token {wbtc} is not in chain profile", shortBtc.Error);
        var traderAave = Assert.Single(snapshot.Of(PositionProtocols.AaveV3), p => p.Owner == DemoChain.Trader);
        var account = Assert.IsType<LendingAccount>(traderAave.Instrument);
        Assert.Equal(["USDC"], account.Debts.Select(d => d.Symbol));
        Assert.Contains($"Aave reserve {wbtc} is not in chain profile", traderAave.Error);
        // Everything else is unaffected: spot (without WBTC), ETH long, the options, the two USDC/WETH NFTs.
        Assert.True(Assert.Single(snapshot.Of(PositionProtocols.GmxV2), p => p.Owner == DemoChain.Trader).IsOk);
        Assert.All(snapshot.Of(PositionProtocols.OpynGamma).Concat(snapshot.Of(PositionProtocols.Spot)), p => Assert.True(p.IsOk));
        Assert.True(Single(snapshot, "1").IsOk && Single(snapshot, "2").IsOk);
    }

    private static PositionReading Single(PortfolioPositions snapshot, string tokenId) =>
        Assert.Single(snapshot.Of(PositionProtocols.UniswapV3), p => p.Raw.TryGetValue("tokenId", out var id) && id == tokenId);
}
