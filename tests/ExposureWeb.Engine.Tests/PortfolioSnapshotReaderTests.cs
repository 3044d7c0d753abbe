using Microsoft.Extensions.Logging.Abstractions;
using System.Numerics;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Contracts;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// <see cref="PortfolioSnapshotReader"/> against the demo market on a real anvil: the trader and the treasury hold spot,
/// Aave v3, Uniswap v3, GMX v2 and oToken positions (DemoMarket). Expected figures are worked out by hand from the demo's
/// holdings at its initial prices: ETH 3 000, BTC 60 000, USDC 1, LINK 15.
/// </summary>
public sealed class PortfolioSnapshotReaderTests(DemoChain chain, DataFixture data) : IsolatedDemoTests(chain), IClassFixture<DataFixture>
{
    // Aave balances are the official protocol's: interest accrues from seeding on (~1e-7 of a balance over a test run),
    // so quantities and dollar sums that include an Aave leg match the hand computation to a millionth, not exactly.
    private const double Tolerance = 1e-6;

    /// <summary><paramref name="actual"/> within a millionth of <paramref name="expected"/> (and 1e-9 absolute near zero).</summary>
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Max(1e-9, Math.Abs(expected) * Tolerance), $"expected {expected:R}, got {actual:R}");
    private const double Eth = 3_000, Btc = 60_000, Usdc = 1, Link = 15;

    private static readonly string[] AllProtocols = ["aave-v3", "gmx-v2", "opyn-gamma", "spot", "uniswap-v3"];


    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2030-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly WatchedPortfolio Demo = new(1, "Demo portfolio", "local", [DemoChain.Trader, DemoChain.Treasury]);

    /// <summary>10^30: bounds so wide the test feed stores whatever is pushed, 0 and negatives included.</summary>
    private static readonly BigInteger Wide = BigInteger.Pow(10, 30);

    private async Task<(ExposureSnapshot Snapshot, BlockHeader Head)> ReadAsync(
        ChainProfile? profile = null, WatchedPortfolio? portfolio = null, BlockHeader? head = null, EngineOptions? options = null, PriceHistory? history = null)
    {
        head ??= await Chain.BlockAsync();
        var engine = Options.Create(options ?? WithEthVolatility());
        var reader = new PortfolioSnapshotReader(_time, engine, new MarketBuilder(engine, history ?? new PriceHistory()), new PositionDiscoveryCache(), NullLogger<PortfolioSnapshotReader>.Instance);
        var snapshot = await reader.ReadAsync(Chain.Eth, profile ?? Chain.Profile, portfolio ?? Demo, head, CancellationToken.None);
        return (snapshot, head);
    }

    /// <summary>Engine options with a configured ETH volatility of 65%, so the demo's ETH options are priced.</summary>
    private static EngineOptions WithEthVolatility() => new() { Volatility = new(StringComparer.OrdinalIgnoreCase) { ["ETH"] = 0.65 } };

    private static AssetExposureRow Row(ExposureSnapshot snapshot, string underlying) => Assert.Single(snapshot.Assets, a => a.Underlying == underlying);

    private static PositionRow Spot(ExposureSnapshot snapshot, Address owner, string symbol) =>
        Assert.Single(snapshot.Positions, p => p.Id == $"spot:local:{owner}:{symbol}");

    private static PositionRow Of(ExposureSnapshot snapshot, string protocol, Address owner, Func<PositionRow, bool>? also = null) =>
        Assert.Single(snapshot.Positions, p => p.Protocol == protocol && p.Owner == owner.ToString() && (also?.Invoke(p) ?? true));

    private static PositionRow Uniswap(ExposureSnapshot snapshot, string marker) => Assert.Single(snapshot.Positions, p => p.Protocol == "uniswap-v3" && p.Markers.Contains(marker));

    /// <summary>Σ UsdDelta of the priced positions whose only underlying is <paramref name="underlying"/>.</summary>
    private static double SingleUnderlyingUsd(ExposureSnapshot snapshot, string underlying) =>
        snapshot.Positions.Where(p => p.Underlyings == underlying && p.UsdDelta is not null).Sum(p => p.UsdDelta!.Value);

    private static void AssertPriced(AssetExposureRow row, double price)
    {
        Assert.Equal(price, row.PriceUsd);
        Assert.NotNull(row.UsdDelta);
        AssertClose(row.Quantity * price, row.UsdDelta.Value);
        Assert.Null(row.PriceIssue);
    }

    private static void AssertSpot(PositionRow row, double usdDelta)
    {
        Assert.Equal("spot", row.Protocol);
        Assert.Null(row.Status);
        Assert.Equal("spot", row.Model);
        Assert.NotNull(row.UsdDelta);
        AssertClose(usdDelta, row.UsdDelta.Value);
        AssertClose(usdDelta, row.ValueUsd!.Value);
        Assert.Equal(0, row.DollarGammaPerPercent);
    }

    /// <summary>The demo profile with the feed of <paramref name="underlying"/> replaced by <paramref name="feed"/>.</summary>
    private ChainProfile WithFeed(string underlying, Address feed)
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.Single(f => f.Underlying == underlying).Address = feed.ToString();
        return profile;
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_SpotRowsAtInitialPrices()
    {
        var (snapshot, _) = await ReadAsync();

        Assert.Empty(snapshot.Errors);
        Assert.Equal(9, snapshot.Positions.Count(p => p.Protocol == "spot"));
        AssertSpot(Spot(snapshot, DemoChain.Trader, "ETH"), 42.5 * Eth); // 127 500
        AssertSpot(Spot(snapshot, DemoChain.Trader, "WETH"), 12.5 * Eth); // 37 500
        AssertSpot(Spot(snapshot, DemoChain.Trader, "WBTC"), 0.75 * Btc); // 45 000
        AssertSpot(Spot(snapshot, DemoChain.Trader, "USDC"), 25_000 * Usdc);
        AssertSpot(Spot(snapshot, DemoChain.Trader, "LINK"), 1_500 * Link); // 22 500
        AssertSpot(Spot(snapshot, DemoChain.Treasury, "ETH"), 7.25 * Eth); // 21 750
        AssertSpot(Spot(snapshot, DemoChain.Treasury, "WETH"), 3 * Eth); // 9 000
        AssertSpot(Spot(snapshot, DemoChain.Treasury, "WBTC"), 2.1 * Btc); // 126 000
        AssertSpot(Spot(snapshot, DemoChain.Treasury, "USDC"), 150_000 * Usdc);
        Assert.Equal("ETH", Spot(snapshot, DemoChain.Trader, "WETH").Underlyings);
        Assert.Equal(DemoChain.Treasury.ToString(), Spot(snapshot, DemoChain.Treasury, "WBTC").Owner);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_EveryProtocolListedAndOneRowPerUnderlying()
    {
        var (snapshot, _) = await ReadAsync();

        Assert.Empty(snapshot.Errors);
        Assert.Equal(AllProtocols, snapshot.Positions.Select(p => p.Protocol).Distinct().Order(StringComparer.Ordinal));
        // Two Aave accounts, three Uniswap NFTs, two GMX perps, three oTokens (one expired).
        Assert.Equal(2, snapshot.Positions.Count(p => p.Protocol == "aave-v3"));
        Assert.Equal(3, snapshot.Positions.Count(p => p.Protocol == "uniswap-v3"));
        Assert.Equal(2, snapshot.Positions.Count(p => p.Protocol == "gmx-v2"));
        Assert.Equal(3, snapshot.Positions.Count(p => p.Protocol == "opyn-gamma"));
        Assert.Equal(snapshot.Positions.Count, snapshot.Positions.Select(p => p.Id).Distinct().Count());
        Assert.Equal(["BTC", "ETH", "LINK", "USDC"], snapshot.Assets.Select(a => a.Underlying).Order(StringComparer.Ordinal));
        AssertPriced(Row(snapshot, "ETH"), Eth);
        AssertPriced(Row(snapshot, "BTC"), Btc);
        AssertPriced(Row(snapshot, "USDC"), Usdc);
        AssertPriced(Row(snapshot, "LINK"), Link);
        Assert.True(snapshot.RoundTrips > 0);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_HoldingsNameEveryProtocolNettedIn()
    {
        var (snapshot, _) = await ReadAsync();

        static string[] Holdings(AssetExposureRow row) => row.Holdings.Split(", ").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(AllProtocols, Holdings(Row(snapshot, "ETH")));
        Assert.Equal(["aave-v3", "gmx-v2", "spot", "uniswap-v3"], Holdings(Row(snapshot, "BTC"))); // WBTC/WETH pool, BTC short
        Assert.Equal(["aave-v3", "gmx-v2", "spot", "uniswap-v3"], Holdings(Row(snapshot, "USDC"))); // WETH/USDC pools, short's collateral
        Assert.Equal(["aave-v3", "spot"], Holdings(Row(snapshot, "LINK")));
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_LinearAssetsNetEveryPositionsDelta()
    {
        var (snapshot, _) = await ReadAsync();
        var gmxShort = Of(snapshot, "gmx-v2", DemoChain.Treasury);
        var gmxLong = Of(snapshot, "gmx-v2", DemoChain.Trader);
        var aboveRange = Uniswap(snapshot, "above-range");

        // BTC: spot WBTC 0.75 + 2.1, Aave trader's debt −0.1 WBTC, treasury's supply +1.5 WBTC, GMX short −1 BTC (its
        // USDC collateral adds no BTC); the WBTC/WETH position above its range holds only WETH (no BTC delta).
        AssertClose(0.75 + 2.1 - 0.1 + 1.5 - 1, Row(snapshot, "BTC").Quantity); // 3.25
        // GMX short: −1 BTC × 60 000 + 20 000 USDC collateral × 1 = −60 000 + 20 000 = −40 000 USD of delta.
        AssertClose(-1 * Btc + 20_000 * Usdc, gmxShort.UsdDelta!.Value);
        AssertClose(-40_000, gmxShort.UsdDelta.Value);
        AssertClose(SingleUnderlyingUsd(snapshot, "BTC") / Btc - 0.1 + 1.5 - 1, Row(snapshot, "BTC").Quantity);
        // GMX long: 10 ETH of size + 2.5 WETH of collateral = 12.5 ETH, × 3 000 = 37 500 USD (not 10 × 3 000 = 30 000).
        Assert.Equal("ETH", gmxLong.Underlyings);
        AssertClose((10 + 2.5) * Eth, gmxLong.UsdDelta!.Value); // 37 500
        // LINK: spot 1 500 plus 2 000 supplied to Aave by the trader.
        AssertClose(1_500 + 2_000, Row(snapshot, "LINK").Quantity);
        AssertClose(SingleUnderlyingUsd(snapshot, "LINK") / Link + 2_000, Row(snapshot, "LINK").Quantity);
        AssertClose(3.25 * Btc, Row(snapshot, "BTC").UsdDelta!.Value); // 195 000
        AssertClose(3_500 * Link, Row(snapshot, "LINK").UsdDelta!.Value); // 52 500

        // ETH and USDC share the in-range WETH/USDC position, so they are checked together in USD: the single-underlying
        // positions (spot, GMX long with its 2.5 WETH collateral: 12.5 × 3 000 = 37 500, options), the Aave legs (trader
        // +10 WETH −18 000 USDC, treasury −2 WETH +100 000 USDC), the three Uniswap positions (the above-range one is all
        // WETH) and the GMX short's collateral, 20 000 USDC × 1 = +20 000 USD.
        var inRange = Uniswap(snapshot, "in-range");
        var belowRange = Uniswap(snapshot, "below-range");
        double ethAndUsdc = SingleUnderlyingUsd(snapshot, "ETH") + SingleUnderlyingUsd(snapshot, "USDC")
            + (10 * Eth - 18_000 * Usdc) + (-2 * Eth + 100_000 * Usdc)
            + inRange.UsdDelta!.Value + belowRange.UsdDelta!.Value + aboveRange.UsdDelta!.Value
            + 20_000 * Usdc;
        AssertClose(ethAndUsdc, Row(snapshot, "ETH").UsdDelta!.Value + Row(snapshot, "USDC").UsdDelta!.Value);
        // The in-range position holds both tokens: ETH gets some but not all of its delta. ETH without it: the
        // single-ETH positions other than the GMX long, + 12.5 (GMX long: size 10 + collateral 2.5), + 10 − 2 (Aave),
        // + the above-range position.
        double otherSingleEth = (SingleUnderlyingUsd(snapshot, "ETH") - gmxLong.UsdDelta.Value) / Eth;
        double ethWithoutInRange = otherSingleEth + 12.5 + 10 - 2 + aboveRange.UsdDelta.Value / Eth;
        Assert.InRange(Row(snapshot, "ETH").Quantity, ethWithoutInRange + 1e-6, ethWithoutInRange + inRange.UsdDelta.Value / Eth - 1e-6);
    }

    [Fact]
    public async Task ReadAsync_TreasuryAlone_EachAssetRowIsTheSumOfItsPositionsDeltas()
    {
        // The treasury's positions split cleanly by underlying: spot, Aave (+100 000 USDC +1.5 WBTC −2 WETH), a WETH/USDC
        // position below its range (all USDC), a BTC short on 20 000 USDC of collateral (−1 BTC, +20 000 USDC) and an ETH put.
        var (snapshot, _) = await ReadAsync(portfolio: new WatchedPortfolio(4, "Treasury", "local", [DemoChain.Treasury]));
        var belowRange = Uniswap(snapshot, "below-range");
        var gmxShort = Of(snapshot, "gmx-v2", DemoChain.Treasury);
        var put = Of(snapshot, "opyn-gamma", DemoChain.Treasury);

        Assert.Empty(snapshot.Errors);
        Assert.All(snapshot.Positions, p => Assert.Null(p.Status));
        Assert.True(put.UsdDelta < 0, "a long put is short the underlying");
        AssertClose((7.25 * Eth + 3 * Eth + put.UsdDelta!.Value) / Eth - 2, Row(snapshot, "ETH").Quantity);
        AssertClose(SingleUnderlyingUsd(snapshot, "ETH") / Eth - 2, Row(snapshot, "ETH").Quantity);
        AssertClose(2.1 + 1.5 - 1, Row(snapshot, "BTC").Quantity);
        // GMX short: −60 000 (BTC) + 20 000 (USDC collateral) = −40 000 USD of delta.
        AssertClose(-1 * Btc + 20_000 * Usdc, gmxShort.UsdDelta!.Value);
        // USDC: spot 150 000 + Aave supply 100 000 + the below-range position + the short's collateral 20 000.
        AssertClose(150_000 + 100_000 + belowRange.UsdDelta!.Value / Usdc + 20_000, Row(snapshot, "USDC").Quantity);
        Assert.True(belowRange.UsdDelta.Value > 0);
        AssertClose(snapshot.Positions.Sum(p => p.UsdDelta!.Value), snapshot.NetUsdDelta);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_NetFiguresAreSumsOverPositionsAndRowsOrderedByUsdDelta()
    {
        var (snapshot, _) = await ReadAsync();

        // Every position priced: the nets over assets equal the sums over positions, computed the other way round.
        Assert.All(snapshot.Positions, p => Assert.NotNull(p.UsdDelta));
        AssertClose(snapshot.Positions.Sum(p => p.UsdDelta!.Value), snapshot.NetUsdDelta);
        Assert.Equal(snapshot.Assets.Sum(a => a.UsdDelta!.Value), snapshot.NetUsdDelta);
        AssertClose(snapshot.Positions.Sum(p => p.ValueUsd!.Value), snapshot.ValueUsd);
        AssertClose(snapshot.Positions.Sum(p => p.DollarGammaPerPercent!.Value), snapshot.NetDollarGamma);
        // Only the options carry vega and theta, all of them on ETH.
        var options = snapshot.Positions.Where(p => p.Protocol == "opyn-gamma").ToList();
        Assert.True(options.Sum(p => p.VegaPerVolPoint!.Value) > 0);
        AssertClose(options.Sum(p => p.VegaPerVolPoint!.Value), Row(snapshot, "ETH").VegaPerVolPoint);
        AssertClose(options.Sum(p => p.ThetaPerDay!.Value), Row(snapshot, "ETH").ThetaPerDay);
        AssertClose(snapshot.Positions.Sum(p => p.VegaPerVolPoint!.Value), snapshot.NetVegaPerVolPoint);
        Assert.Equal(0, Row(snapshot, "BTC").VegaPerVolPoint);
        var magnitudes = snapshot.Assets.Select(a => Math.Abs(a.UsdDelta!.Value)).ToList();
        Assert.Equal(magnitudes.OrderDescending(), magnitudes);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_AaveHealthFactorsAndLiquidationPricesAsComputedByHand()
    {
        var (snapshot, head) = await ReadAsync();
        var trader = Of(snapshot, "aave-v3", DemoChain.Trader);
        var treasury = Of(snapshot, "aave-v3", DemoChain.Treasury);

        // Trader (as in tests/ExposureWeb.Chain.Tests/DevChain/AaveDemoTests.cs): collateral 10 WETH ($30 000, LT 83%) and
        // 2 000 LINK ($30 000, LT 68%), debt 18 000 USDC + 0.1 WBTC = $24 000.
        //   HF = (30 000 × 0.83 + 30 000 × 0.68) / 24 000 = 45 300 / 24 000 = 1.8875
        // Treasury: (100 000 + 90 000) × 0.78 / 6 000 = 24.7. The portfolio's minimum is the trader's.
        AssertClose(1.8875, snapshot.MinHealthFactor!.Value);
        // Shown as the protocol computes it (getUserAccountData, 18 decimals), the figure Aave liquidates by.
        Assert.Equal(await ProtocolHealthFactorAsync(DemoChain.Trader, head), snapshot.MinHealthFactor!.Value, 1e-12);
        Assert.All(snapshot.Liquidations.Where(l => l.PositionId == trader.Id), l => Assert.Equal(snapshot.MinHealthFactor, l.HealthFactor));
        AssertClose(60_000 - 24_000, trader.ValueUsd!.Value);
        AssertClose(190_000 - 6_000, treasury.ValueUsd!.Value);
        Assert.Contains("frozen-reserve:LINK", trader.Markers);
        Assert.Equal(["BTC", "ETH", "LINK", "USDC"], trader.Underlyings.Split('/').Order(StringComparer.Ordinal));

        var traderRows = snapshot.Liquidations.Where(l => l.PositionId == trader.Id).ToList();
        Assert.NotEmpty(traderRows);
        Assert.All(traderRows, l => AssertClose(1.8875, l.HealthFactor!.Value));
        Assert.All(snapshot.Liquidations.Where(l => l.PositionId == treasury.Id), l => AssertClose(24.7, l.HealthFactor!.Value));
        // ETH falls until 10 × P × 0.83 + 20 400 = 24 000: P = 3 600 / 8.3 = 433.73…
        var eth = Assert.Single(traderRows, l => l.Underlying == "ETH");
        Assert.Equal("falls below", eth.Direction);
        AssertClose(3_600 / 8.3, eth.PriceUsd!.Value);
        Assert.Equal(Eth, eth.CurrentPriceUsd);
        AssertClose((Eth - 3_600 / 8.3) / Eth, eth.Distance!.Value);
        // The treasury owes 2 WETH against $148 200 of threshold: liquidated when ETH rises above 74 100.
        var treasuryEth = Assert.Single(snapshot.Liquidations, l => l.PositionId == treasury.Id && l.Underlying == "ETH");
        Assert.Equal("rises above", treasuryEth.Direction);
        AssertClose(148_200 / 2.0, treasuryEth.PriceUsd!.Value);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_PerpsValuedAtTheirCollateralWithLiquidationRows()
    {
        var (snapshot, _) = await ReadAsync();
        var ethLong = Of(snapshot, "gmx-v2", DemoChain.Trader);
        var btcShort = Of(snapshot, "gmx-v2", DemoChain.Treasury);

        // Entered at the current prices: no P&L, value = collateral (2.5 WETH × 3 000 = 7 500; 20 000 USDC × 1 = 20 000).
        // Delta = size + the collateral, which is held in an asset: ETH long 10 + 2.5 WETH = 12.5 ETH × 3 000 = 37 500;
        // BTC short −1 × 60 000 + 20 000 USDC × 1 = −40 000.
        AssertClose(2.5 * Eth, ethLong.ValueUsd!.Value);
        AssertClose(37_500, ethLong.UsdDelta!.Value);
        AssertClose(20_000, btcShort.ValueUsd!.Value);
        AssertClose(-40_000, btcShort.UsdDelta!.Value);
        // Long: equity(p) = 2.5·p + 10·(p − 3 000) against 0.01 × 10 × p: p = 30 000 / (12.5 − 0.1) = 2 419.35…
        // (the collateral falls with ETH; a fixed 7 500 USD margin would give (3 000 − 750) / 0.99 = 2 272.73).
        var longLiquidation = Assert.Single(snapshot.Liquidations, l => l.PositionId == ethLong.Id);
        Assert.Equal("falls below", longLiquidation.Direction);
        AssertClose(30_000 / 12.4, longLiquidation.PriceUsd!.Value);
        Assert.Null(longLiquidation.HealthFactor);
        // Short on USDC: the collateral's 20 000 USD is the margin, (60 000 + 20 000) / (1 + 0.01) = 79 207.92…
        var shortLiquidation = Assert.Single(snapshot.Liquidations, l => l.PositionId == btcShort.Id);
        Assert.Equal("rises above", shortLiquidation.Direction);
        AssertClose(80_000 / 1.01, shortLiquidation.PriceUsd!.Value);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_UniswapPositionsCarryTheirRangeMarkers()
    {
        var (snapshot, _) = await ReadAsync();

        Assert.Equal(DemoChain.Trader.ToString(), Uniswap(snapshot, "in-range").Owner);
        Assert.Equal(DemoChain.Treasury.ToString(), Uniswap(snapshot, "below-range").Owner);
        Assert.Equal(DemoChain.Trader.ToString(), Uniswap(snapshot, "above-range").Owner);
        // In range a position is short gamma; out of range it is linear.
        Assert.True(Uniswap(snapshot, "in-range").DollarGammaPerPercent < 0);
        Assert.Equal(0, Uniswap(snapshot, "below-range").DollarGammaPerPercent!.Value, 1e-9);
    }

    [Fact]
    public async Task ReadAsync_ConfiguredEthVolatility_OptionsPricedNamingItAndExpiredOTokenListedWithMarker()
    {
        var (snapshot, _) = await ReadAsync();
        var live = snapshot.Positions.Where(p => p.Protocol == "opyn-gamma" && !p.Markers.Contains("expired")).ToList();

        Assert.Equal(2, live.Count);
        Assert.All(live, o =>
        {
            Assert.Null(o.Status);
            Assert.NotNull(o.Model);
            Assert.Contains("Configured", o.Model, StringComparison.Ordinal);
            Assert.Contains("configured ETH volatility", o.Model, StringComparison.Ordinal);
            Assert.True(o.VegaPerVolPoint > 0, "a long option has positive vega");
            Assert.True(o.ThetaPerDay < 0, "a long option decays");
            Assert.True(o.ValueUsd > 0);
        });
        Assert.True(Of(snapshot, "opyn-gamma", DemoChain.Trader, p => p.Description.Contains(" 3500 C", StringComparison.Ordinal)).UsdDelta > 0);

        // The 3 200 call expired; listed, at intrinsic value: ETH 3 000 < 3 200, so worth nothing.
        var expired = Assert.Single(snapshot.Positions, p => p.Protocol == "opyn-gamma" && p.Markers.Contains("expired"));
        Assert.Contains(" 3200 C", expired.Description, StringComparison.Ordinal);
        Assert.Equal(DemoChain.Trader.ToString(), expired.Owner);
        AssertClose(0, expired.ValueUsd!.Value);
        AssertClose(0, expired.UsdDelta!.Value);
        Assert.Contains("expired", expired.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoVolatilityNorHistory_OptionsListedUnpricedWithReasonAndTheRestPriced()
    {
        var head = await Chain.BlockAsync();
        var (configured, _) = await ReadAsync(head: head);
        var (snapshot, _) = await ReadAsync(head: head, options: new EngineOptions());

        var live = snapshot.Positions.Where(p => p.Protocol == "opyn-gamma" && !p.Markers.Contains("expired")).ToList();
        Assert.Equal(3, snapshot.Positions.Count(p => p.Protocol == "opyn-gamma"));
        Assert.Equal(2, live.Count);
        Assert.All(live, o =>
        {
            Assert.NotNull(o.Status);
            Assert.StartsWith("unpriced: ", o.Status, StringComparison.Ordinal);
            Assert.Contains("no volatility for ETH", o.Status, StringComparison.Ordinal);
            Assert.Null(o.UsdDelta);
            Assert.Null(o.ValueUsd);
        });
        Assert.All(snapshot.Positions.Where(p => p.Protocol != "opyn-gamma"), p => Assert.NotNull(p.UsdDelta));
        AssertPriced(Row(snapshot, "ETH"), Eth);
        // The ETH row loses exactly the options' deltas.
        double optionDeltas = configured.Positions.Where(p => live.Any(o => o.Id == p.Id)).Sum(p => p.UsdDelta!.Value) / Eth;
        Assert.NotEqual(0, optionDeltas);
        AssertClose(Row(configured, "ETH").Quantity - optionDeltas, Row(snapshot, "ETH").Quantity);
        // …and says so: an option's delta needs a volatility even at a usable price.
        Assert.Contains("no volatility for ETH", Row(snapshot, "ETH").QuantityPartial, StringComparison.Ordinal);
        Assert.Equal(0, Row(snapshot, "ETH").VegaPerVolPoint);
    }

    [Fact]
    public async Task ReadAsync_NoConfiguredVolatilityButPriceHistory_OptionsPricedWithEwma()
    {
        // Three distinct ETH oracle updates seen by the engine: enough history for EWMA realised volatility.
        var history = new PriceHistory();
        var options = new EngineOptions();
        await ReadAsync(options: options, history: history);
        await Chain.AdvanceTimeAsync(TimeSpan.FromMinutes(10));
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 3_100 * DemoChain.FeedScale);
        await ReadAsync(options: options, history: history);
        await Chain.AdvanceTimeAsync(TimeSpan.FromMinutes(10));
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 2_950 * DemoChain.FeedScale);

        var (snapshot, _) = await ReadAsync(options: options, history: history);

        var live = snapshot.Positions.Where(p => p.Protocol == "opyn-gamma" && !p.Markers.Contains("expired")).ToList();
        Assert.Equal(2, live.Count);
        Assert.All(live, o =>
        {
            Assert.Null(o.Status);
            Assert.NotNull(o.UsdDelta);
            Assert.Contains("EwmaRealized", o.Model, StringComparison.Ordinal);
            Assert.Contains("EWMA", o.Model, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ReadAsync_ManualPositionOfThePortfolio_ListedAsManualAndMovesTheNetDeltaByItsQuantity()
    {
        var id = await data.AddPortfolioAsync("Hedged demo", "local", DemoChain.Trader.ToString(), DemoChain.Treasury.ToString());
        var saved = await data.ManualPositions.AddAsync(id, new ManualPositionValues(ManualPositionKind.Spot, "ETH", -20, Label: "CEX hedge"));
        Assert.Equal(ManualPositionOutcome.Saved, saved.Outcome);
        var head = await Chain.BlockAsync();

        var (plain, _) = await ReadAsync(head: head);
        var watched = new WatchedPortfolio(id, "Hedged demo", "local", [DemoChain.Trader, DemoChain.Treasury])
        {
            Manual = (await data.ManualPositions.ListAsync(id)).Select(ManualInstruments.ToPosition).ToList(),
        };
        var (hedged, _) = await ReadAsync(head: head, portfolio: watched);

        var manual = Assert.Single(hedged.Positions, p => p.Protocol == "manual");
        Assert.Equal($"manual:{saved.Entry!.Id}", manual.Id);
        Assert.Equal("manual", manual.Owner);
        Assert.Equal("ETH", manual.Underlyings);
        Assert.Null(manual.Status);
        AssertClose(-20 * Eth, manual.UsdDelta!.Value); // −60 000
        Assert.Equal(plain.Positions.Count + 1, hedged.Positions.Count);
        Assert.DoesNotContain(plain.Positions, p => p.Protocol == "manual");
        AssertClose(Row(plain, "ETH").Quantity - 20, Row(hedged, "ETH").Quantity);
        Assert.Contains("manual", Row(hedged, "ETH").Holdings.Split(", "));
        AssertClose(Row(plain, "BTC").Quantity, Row(hedged, "BTC").Quantity);
        AssertClose(plain.NetUsdDelta - 60_000, hedged.NetUsdDelta);
    }

    [Fact]
    public async Task ReadAsync_AnyHead_SnapshotCarriesTheHeadsNumberHashTimeAndTheClocksNow()
    {
        var (snapshot, head) = await ReadAsync();

        Assert.Equal(Demo.Id, snapshot.PortfolioId);
        Assert.Equal("local", snapshot.ChainName);
        Assert.Equal(head.Number, snapshot.BlockNumber);
        Assert.Equal(head.Hash, snapshot.BlockHash);
        Assert.Equal(head.Timestamp, snapshot.BlockTime);
        Assert.Equal(_time.GetUtcNow(), snapshot.ComputedAt);
    }

    [Fact]
    public async Task ReadAsync_OlderHeadAfterAMint_ReadsTheStateOfThatBlock()
    {
        var before = await Chain.BlockAsync();
        // The deployer (who pays the gas) mints the trader 10 WETH: at the new head the portfolio holds 10 ETH more.
        await Chain.SendAsync(DemoChain.Deployer, Chain.Token("WETH"), new MintFunction { To = DemoChain.Trader.ToString(), Amount = 10 * BigInteger.Pow(10, 18) }.GetCallData());

        var (pinned, _) = await ReadAsync(head: before);
        var (latest, head) = await ReadAsync();

        Assert.Equal(before.Number + 1, head.Number);
        Assert.Equal(before.Number, pinned.BlockNumber);
        AssertSpot(Spot(pinned, DemoChain.Trader, "WETH"), 12.5 * Eth);
        AssertSpot(Spot(latest, DemoChain.Trader, "WETH"), 22.5 * Eth);
        AssertClose(Row(pinned, "ETH").Quantity + 10, Row(latest, "ETH").Quantity);
    }

    [Fact]
    public async Task ReadAsync_AddressHoldingNothing_NoRowsAndNoErrors()
    {
        var empty = new WatchedPortfolio(2, "Empty", "local", [Address.Parse("0x1111111111111111111111111111111111111111")]);

        var (snapshot, head) = await ReadAsync(portfolio: empty);

        Assert.Empty(snapshot.Assets);
        Assert.Empty(snapshot.Positions);
        Assert.Empty(snapshot.Liquidations);
        Assert.Empty(snapshot.Errors);
        Assert.Equal(0, snapshot.NetUsdDelta);
        Assert.Equal(0, snapshot.ValueUsd);
        Assert.Null(snapshot.MinHealthFactor);
        Assert.Equal(head.Number, snapshot.BlockNumber);
    }

    [Fact]
    public async Task ReadAsync_PortfolioWithoutAddresses_NoRowsAndNoErrors()
    {
        var (snapshot, _) = await ReadAsync(portfolio: new WatchedPortfolio(3, "None", "local", []));

        Assert.Empty(snapshot.Assets);
        Assert.Empty(snapshot.Positions);
        Assert.Empty(snapshot.Errors);
    }

    /// <summary>
    /// With LINK's price unusable: the LINK row is kept with its issue and no USD figures, the positions that need
    /// LINK (the trader's LINK and Aave account) are unpriced with the reason, and everything else is still priced.
    /// </summary>
    /// <summary>The health factor Aave's own getUserAccountData gives <paramref name="user"/> at <paramref name="head"/>.</summary>
    private async Task<double> ProtocolHealthFactorAsync(Address user, BlockHeader head)
    {
        var account = await Chain.QueryOutputAsync<ExposureWeb.Chain.Protocols.Aave.GetUserAccountDataFunction, ExposureWeb.Chain.Protocols.Aave.UserAccountDataOutput>(
            Address.Parse(Chain.Profile.AaveV3!.Pool), new() { User = user.ToString() }, BlockParameter.FromNumber(head.Number));
        return (double)account.HealthFactor / 1e18;
    }

    private async Task AssertLinkUnpricedAsync(ExposureSnapshot snapshot, ExposureSnapshot baseline, BlockHeader head)
    {
        var link = Row(snapshot, "LINK");
        Assert.NotNull(link.PriceIssue);
        Assert.Null(link.PriceUsd);
        Assert.Null(link.UsdDelta);
        Assert.Null(link.DollarGammaPerPercent);
        Assert.True(link.IsStale(head.Timestamp));
        // No position into LINK can be priced, yet a quantity needs no price: the trader's 1,500 LINK and the 2,000 LINK
        // supplied to Aave still count. The row says what holds it and goes last.
        AssertClose(1_500 + 2_000, link.Quantity);
        Assert.Null(link.QuantityPartial);
        Assert.Equal(["aave-v3", "spot"], link.Holdings.Split(", ").Order(StringComparer.Ordinal));
        Assert.Equal("LINK", snapshot.Assets[^1].Underlying);

        var spotLink = Spot(snapshot, DemoChain.Trader, "LINK");
        var aave = Of(snapshot, "aave-v3", DemoChain.Trader);
        foreach (var unpriced in new[] { spotLink, aave })
        {
            Assert.NotNull(unpriced.Status);
            Assert.StartsWith("unpriced: ", unpriced.Status, StringComparison.Ordinal);
            Assert.Contains("LINK", unpriced.Status, StringComparison.Ordinal);
            Assert.Null(unpriced.UsdDelta);
            Assert.Null(unpriced.ValueUsd);
        }
        Assert.All(snapshot.Positions.Where(p => p != spotLink && p != aave && !p.Markers.Contains("expired")), p =>
        {
            Assert.Null(p.Status);
            Assert.NotNull(p.UsdDelta);
        });
        AssertSpot(Spot(snapshot, DemoChain.Trader, "ETH"), 42.5 * Eth);
        AssertSpot(Spot(snapshot, DemoChain.Treasury, "WBTC"), 2.1 * Btc);
        // The trader's account stays in the nets in units (it holds +10 WETH, −0.1 WBTC, −18 000 USDC): no quantity moves.
        AssertClose(Row(baseline, "ETH").Quantity, Row(snapshot, "ETH").Quantity);
        AssertClose(3.25, Row(snapshot, "BTC").Quantity);
        AssertClose(Row(baseline, "USDC").Quantity, Row(snapshot, "USDC").Quantity);
        // Every total that leaves LINK out says so, with why.
        Assert.True(snapshot.Partial.IsPartial);
        foreach (var reasons in new[] { snapshot.Partial.ValueUsd, snapshot.Partial.NetUsdDelta })
        {
            Assert.Contains(reasons, r => r.StartsWith("LINK unpriced — ", StringComparison.Ordinal));
        }
        // Its health factor is still shown: the protocol's own (Aave prices LINK itself), not our model's, which lacks LINK.
        var traderHealth = await ProtocolHealthFactorAsync(DemoChain.Trader, head);
        Assert.InRange(traderHealth, 1.8, 1.9);
        Assert.Equal(traderHealth, snapshot.MinHealthFactor!.Value, traderHealth * 1e-12);
        Assert.Empty(snapshot.Partial.MinHealthFactor);
        // Its liquidation distances are Aave's own too (its reserves at its oracle's prices), with the protocol's health factor.
        var fromAave = snapshot.Liquidations.Where(l => l.PositionId == aave.Id).ToList();
        Assert.Contains(fromAave, l => l.Distance is > 0);
        Assert.All(fromAave, l =>
        {
            Assert.Equal(traderHealth, l.HealthFactor!.Value, traderHealth * 1e-12);
            if (l.PriceUsd is not null) Assert.EndsWith(ProtocolLiquidations.AtProtocolPrice, l.Direction, StringComparison.Ordinal);
        });
        Assert.Empty(snapshot.Partial.NearestLiquidation);
        Assert.Equal(snapshot.Assets.Where(a => a.UsdDelta is not null).Sum(a => a.UsdDelta!.Value), snapshot.NetUsdDelta);
    }

    [Theory]
    [InlineData(0, "invalid answer 0 (≤ 0)")]
    [InlineData(-500_000_000, "invalid answer -500000000 (≤ 0)")]
    public async Task ReadAsync_FeedAnswerNotPositive_RowCarriesIssueWithoutUsdAndOthersStillPriced(long answer, string issue)
    {
        var feed = await Chain.DeployFeedAsync("LINK / USD (test)", -Wide, Wide, 15 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(feed, answer);
        var head = await Chain.BlockAsync();

        var (baseline, _) = await ReadAsync(head: head);
        var (snapshot, _) = await ReadAsync(WithFeed("LINK", feed), head: head);

        Assert.Empty(snapshot.Errors);
        Assert.Equal(issue, Row(snapshot, "LINK").PriceIssue);
        Assert.True(Row(snapshot, "LINK").IsStale(DateTimeOffset.UtcNow));
        await AssertLinkUnpricedAsync(snapshot, baseline, head);
        foreach (var (underlying, price) in new[] { ("ETH", Eth), ("BTC", Btc), ("USDC", Usdc) }) AssertPriced(Row(snapshot, underlying), price);
    }

    [Fact]
    public async Task ReadAsync_FeedOlderThanHeartbeatPlusMargin_RowStaleWithoutUsdAndFreshOnesPriced()
    {
        // Two hours on: every 1 h feed is stale. ETH, BTC and USDC report again (same prices); LINK stays silent.
        await Chain.AdvanceTimeAsync(TimeSpan.FromHours(2));
        await Chain.PushAnswerAsync(Chain.Feed("ETH"), 3_000 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(Chain.Feed("BTC"), 60_000 * DemoChain.FeedScale);
        await Chain.PushAnswerAsync(Chain.Feed("USDC"), DemoChain.FeedScale);
        var head = await Chain.BlockAsync();
        // The same block with LINK reported again too: what the portfolio nets to when every price is fresh.
        var fresh = await Chain.SnapshotAsync();
        await Chain.PushAnswerAsync(Chain.Feed("LINK"), 15 * DemoChain.FeedScale);
        var (baseline, _) = await ReadAsync();
        await Chain.RevertAsync(fresh);

        var (snapshot, _) = await ReadAsync(head: head);

        var link = Row(snapshot, "LINK");
        Assert.StartsWith("stale: updated 2 h before the block", link.PriceIssue, StringComparison.Ordinal);
        Assert.True(head.Timestamp > link.StaleAfter);
        await AssertLinkUnpricedAsync(snapshot, baseline, head);
        foreach (var (underlying, price) in new[] { ("ETH", Eth), ("BTC", Btc), ("USDC", Usdc) })
        {
            var row = Row(snapshot, underlying);
            AssertPriced(row, price);
            Assert.False(row.IsStale(head.Timestamp), $"{underlying} is stale at the block");
        }
    }

    [Fact]
    public async Task ReadAsync_FreshFeed_StaleAfterIsUpdatedAtPlusHeartbeatPlusMarginAndIsStaleTurnsThen()
    {
        var (snapshot, _) = await ReadAsync();

        var eth = Row(snapshot, "ETH");
        Assert.NotNull(eth.OracleUpdatedAt);
        Assert.Equal(3600, eth.HeartbeatSeconds);
        // Heartbeat 3 600 s + EngineOptions.StaleMarginSeconds 60 s.
        Assert.Equal(eth.OracleUpdatedAt.Value.AddSeconds(3_660), eth.StaleAfter);
        Assert.False(eth.IsStale(eth.StaleAfter!.Value));
        Assert.True(eth.IsStale(eth.StaleAfter.Value.AddSeconds(1)));
        Assert.Equal(86_400, Row(snapshot, "USDC").HeartbeatSeconds);
    }

    [Fact]
    public async Task ReadAsync_NoFeedForAnUnderlying_RowSaysSoWithoutPrice()
    {
        var profile = Chain.CloneProfile();
        profile.PriceFeeds.RemoveAll(f => f.Underlying == "LINK");
        var head = await Chain.BlockAsync();

        var (baseline, _) = await ReadAsync(head: head);
        var (snapshot, _) = await ReadAsync(profile, head: head);

        var link = Row(snapshot, "LINK");
        Assert.Equal("no price feed for LINK in chain profile 'local'", link.PriceIssue);
        Assert.Null(link.StaleAfter);
        Assert.Null(link.OracleUpdatedAt);
        Assert.True(link.IsStale(DateTimeOffset.MinValue));
        await AssertLinkUnpricedAsync(snapshot, baseline, head);
        Assert.Contains("no price for LINK", Spot(snapshot, DemoChain.Trader, "LINK").Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DemoWallets_RowsCarryTokenAmountsWithInterestAndFeesApart()
    {
        var (snapshot, _) = await ReadAsync();

        // The trader's Aave account: what it supplied and borrowed, in token units, interest included.
        var aave = Of(snapshot, "aave-v3", DemoChain.Trader);
        double Amount(PositionRow row, string kind, string symbol) => Assert.Single(row.Amounts, a => a.Kind == kind && a.Symbol == symbol).Quantity;
        AssertClose(10, Amount(aave, PositionAmount.Supplied, "WETH"));
        AssertClose(2_000, Amount(aave, PositionAmount.Supplied, "LINK"));
        AssertClose(18_000, Amount(aave, PositionAmount.Borrowed, "USDC"));
        AssertClose(0.1, Amount(aave, PositionAmount.Borrowed, "WBTC"));
        Assert.True(Amount(aave, PositionAmount.Borrowed, "USDC") >= 18_000, "debt only grows");

        // The in-range Uniswap position: principal in both tokens and, apart, the fees the deployment's trades earned it.
        var lp = Uniswap(snapshot, "in-range");
        Assert.True(Amount(lp, PositionAmount.Principal, "USDC") > 14_000 && Amount(lp, PositionAmount.Principal, "ETH") > 4.7);
        Assert.True(Amount(lp, PositionAmount.Fees, "USDC") > 0 && Amount(lp, PositionAmount.Fees, "ETH") > 0);
    }
}
