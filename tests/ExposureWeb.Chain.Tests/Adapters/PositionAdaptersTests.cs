using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Adapters.Aave;
using ExposureWeb.Chain.Adapters.Gmx;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Chain.Tests.Adapters;

/// <summary>
/// Every adapter on the deployed demo, through <see cref="PortfolioPositionsReader"/>: decoded values against the
/// seeded positions, computed by hand. Read-only.
/// </summary>
public sealed class PositionAdaptersTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private static readonly Address Trader = DemoChain.Trader;
    private static readonly Address Treasury = DemoChain.Treasury;

    private Task<PortfolioPositions> ReadAsync(params Address[] owners) =>
        new PortfolioPositionsReader(chain.Profile, new PositionDiscoveryCache()).ReadAsync(chain.Eth, owners, BlockParameter.Latest);

    /// <summary>
    /// The minted liquidity over the demo's target: the position manager mints from token amounts, a hair above the
    /// target, so hand-computed amounts for the target L are scaled by this (amounts are linear in L).
    /// </summary>
    private async Task<double> MintedOverTargetAsync(int tokenId, double target)
    {
        var manager = Address.Parse(chain.Profile.UniswapV3!.PositionManager);
        var position = await chain.QueryOutputAsync<PositionsFunction, PositionOutput>(manager, new PositionsFunction { TokenId = tokenId });
        return (double)position.Liquidity / target;
    }

    private static PositionReading Single(PortfolioPositions snapshot, string protocol, Address owner, Func<PositionReading, bool>? where = null) =>
        Assert.Single(snapshot.Of(protocol), p => p.Owner == owner && (where?.Invoke(p) ?? true));

    // ------------------------------------------------------------------ spot: decimals 18, 8, 6

    [Theory]
    // symbol, raw balance (DemoMarket: 12.5 WETH, 0.75 WBTC, 25 000 USDC), decimals, whole tokens
    [InlineData("WETH", "12500000000000000000", 18, 12.5)] // 12.5e18 / 10^18
    [InlineData("WBTC", "75000000", 8, 0.75)]               // 7.5e7 / 10^8
    [InlineData("USDC", "25000000000", 6, 25_000)]           // 2.5e10 / 10^6
    public async Task ReadAsync_TraderSpot_RawBalanceScaledByItsTokensDecimals(string symbol, string raw, int decimals, double quantity)
    {
        var snapshot = await ReadAsync(Trader);

        var holding = Single(snapshot, PositionProtocols.Spot, Trader, p => ((SpotHolding)p.Instrument!).Symbol == symbol);
        Assert.Equal(raw, holding.Raw["balance"]);
        Assert.Equal(decimals.ToString(System.Globalization.CultureInfo.InvariantCulture), holding.Raw["decimals"]);
        Assert.Equal(quantity, ((SpotHolding)holding.Instrument!).Quantity);
        Assert.Equal(chain.Token(symbol), holding.Contract);
        Assert.Empty(snapshot.Errors);
    }

    // ------------------------------------------------------------------ Aave v3

    [Fact]
    public async Task ReadAsync_AaveTrader_OneLendingAccountInTokenUnitsWithThresholdsAndBonus()
    {
        var snapshot = await ReadAsync(Trader);

        var reading = Single(snapshot, PositionProtocols.AaveV3, Trader);
        Assert.True(reading.IsOk, reading.Error);
        var account = Assert.IsType<LendingAccount>(reading.Instrument);
        // aToken / debt balances (seeded amounts plus a few seconds of interest) over the reserve's decimals; LT and bonus
        // from the bitmap (8300 → 0.83, 10500 → 0.05).
        Assert.Equal(
            [("ETH", "WETH", 0.83, true, 0.05), ("LINK", "LINK", 0.68, true, 0.07)],
            account.Supplies.Select(x => (x.Underlying, x.Symbol, x.LiquidationThreshold, x.UsedAsCollateral, x.LiquidationBonus)));
        Assert.Equal([10.0, 2_000.0], account.Supplies.Select(x => x.Quantity), new RelativeTolerance(1e-6));
        Assert.Equal([("BTC", "WBTC"), ("USDC", "USDC")], account.Debts.Select(x => (x.Underlying, x.Symbol)));
        Assert.Equal([0.1, 18_000.0], account.Debts.Select(x => x.Quantity), new RelativeTolerance(1e-6));
        Assert.Equal([10.0, 2_000.0, 18_000.0, 0.1], new[] { "supplied.WETH", "supplied.LINK", "borrowed.USDC", "borrowed.WBTC" }.Select(k => reading.Decoded[k]), new RelativeTolerance(1e-6));
        Assert.InRange(BigInteger.Parse(reading.Raw["WBTC.variableDebtBalance"]), 10_000_000, 10_000_010);         // 0.1 × 10^8 + interest
        Assert.InRange(BigInteger.Parse(reading.Raw["USDC.variableDebtBalance"]), 18_000_000_000, 18_000_018_000); // 18 000 × 10^6 + interest
        Assert.Equal([PositionMarkers.FrozenReservePrefix + "LINK"], reading.Markers);
        Assert.Equal(Address.Parse(chain.Profile.AaveV3!.Pool), reading.Contract);
        Assert.Equal(["ETH", "LINK", "BTC", "USDC"], reading.Underlyings);
    }

    [Theory]
    // owner, on-chain HF, hand computation
    // trader:   (10 × 3000 × 0.83 + 2000 × 15 × 0.68) / (18 000 × 1 + 0.1 × 60 000) = (24 900 + 20 400) / 24 000 = 1.8875
    [InlineData("trader", 1.8875, 60_000, 24_000)]
    // treasury: (100 000 × 1 × 0.78 + 1.5 × 60 000 × 0.78) / (2 × 3000) = 148 200 / 6 000 = 24.7
    [InlineData("treasury", 24.7, 190_000, 6_000)]
    public async Task ReadAsync_AaveAccount_GetUserAccountDataMatchesThePerReserveComputation(string who, double healthFactor, double collateralUsd, double debtUsd)
    {
        var owner = who == "trader" ? Trader : Treasury;
        var snapshot = await ReadAsync(owner);

        var reading = Single(snapshot, PositionProtocols.AaveV3, owner);
        Assert.Null(reading.Error); // the cross-check found no disagreement
        // Interest accrued since seeding moves each figure by well under a millionth.
        Assert.Equal(healthFactor, reading.Decoded["healthFactor"], healthFactor * 1e-6);
        Assert.Equal(reading.Decoded["healthFactor"], reading.Decoded["healthFactorComputed"], healthFactor * 1e-8); // Aave rounds each value down in base units
        Assert.Equal(collateralUsd, reading.Decoded["totalCollateralBase"], collateralUsd * 1e-6);
        Assert.Equal(debtUsd, reading.Decoded["totalDebtBase"], debtUsd * 1e-6);
    }

    [Fact]
    public async Task ReadAsync_AaveReserves_FrozenLinkDecodedWithBorrowingCapsAndFee()
    {
        var snapshot = await ReadAsync(Trader);

        var link = Assert.Single(snapshot.AaveReserves, r => r.Symbol == "LINK");
        var c = link.Configuration;
        // DemoMarket: LTV 5300 (kept while frozen in Aave v3.0), LT 6800, bonus 10700, 18 decimals, borrowing on, frozen,
        // reserve factor 2000, borrow cap 13 000 000, supply cap 15 000 000, protocol fee 1000, no eMode.
        Assert.Equal((5300, 6800, 10700, 18), (c.Ltv, c.LiquidationThreshold, c.LiquidationBonus, c.Decimals));
        Assert.Equal((true, true, true, false), (c.Active, c.Frozen, c.BorrowingEnabled, c.Paused));
        Assert.Equal((2000, 13_000_000L, 15_000_000L, 1000, 0), (c.ReserveFactor, c.BorrowCap, c.SupplyCap, c.LiquidationProtocolFee, c.EModeCategory));
        Assert.Equal(3, link.Id);
        Assert.Equal(new BigInteger(1_500_000_000), link.Price); // 15 USD × 1e8
        Assert.Equal(15.0, link.PriceInBaseCurrency);
        // Nobody borrows LINK: utilisation 0, so no supply rate and the strategy's base variable rate (0).
        Assert.Equal(0.0, link.LiquidityRate);
        Assert.Equal(0.0, link.VariableBorrowRate);
        var weth = Assert.Single(snapshot.AaveReserves, r => r.Symbol == "WETH");
        Assert.Equal((8050, 1, false), (weth.Configuration.Ltv, weth.Configuration.EModeCategory, weth.Configuration.Frozen));
        Assert.Equal(["WETH", "WBTC", "USDC", "LINK"], snapshot.AaveReserves.Select(r => r.Symbol));
    }

    [Fact]
    public async Task ReadAsync_AccountWithoutAavePositions_NoAaveReading()
    {
        var snapshot = await ReadAsync(DemoChain.Spare);

        Assert.Empty(snapshot.Of(PositionProtocols.AaveV3));
        Assert.NotEmpty(snapshot.AaveReserves);
    }

    // ------------------------------------------------------------------ Uniswap v3

    // Pool WETH/USDC 0.05%: token0 USDC (6 dec), token1 WETH (18 dec); sqrtPriceX96 = 1 446 501 726 624 926 496 477 173 928 747 177,
    //   s = sqrtPriceX96 / 2^96 = 18 257.418583505537 (s² = 3.3333e8 raw WETH-wei per USDC-unit, i.e. ETH = 3 000 USDC), tick 196 256.
    // √P(tick) = 1.0001^(tick/2).

    [Fact]
    public async Task ReadAsync_UniswapInRange_BothTokensByTheWhitepaperFormulas()
    {
        // NFT 1, trader: [194 430, 198 080], L = 3e15. sa = 1.0001^97 215 = 16 664.132886960651, sb = 1.0001^99 040 = 20 000.345612480755.
        //   amount0 = L(sb − s)/(s·sb) = 3e15 × 1 742.927 / (18 257.42 × 20 000.35) = 14 319 359 300.36 raw → 14 319.3593 USDC
        //   amount1 = L(s − sa) = 3e15 × 1 593.2857 = 4.7798571e18 raw → 4.779857 WETH
        var snapshot = await ReadAsync(Trader);
        var scale = await MintedOverTargetAsync(1, 3e15);

        var reading = Single(snapshot, PositionProtocols.UniswapV3, Trader, p => p.Raw["tokenId"] == "1");
        Assert.True(reading.IsOk, reading.Error);
        Assert.Equal([PositionMarkers.InRange], reading.Markers);
        Assert.Equal(14_319.359300363275 * scale, reading.Decoded["amount0"], 1e-9 * 14_319);
        Assert.Equal(4.779857089634660 * scale, reading.Decoded["amount1"], 1e-9 * 4.78);
        Assert.Equal(1.0 / 3_000, reading.Decoded["price"], 1e-12); // WETH per USDC, decimals applied
        var position = Assert.IsType<UniswapV3Position>(reading.Instrument);
        // The deployment's round-trip trades earned the range fees (checked against collect in UniswapOfficialTests).
        Assert.True(position.FeesOwed0 > 0 && position.FeesOwed1 > 0, $"fees owed {position.FeesOwed0} USDC, {position.FeesOwed1} WETH");
        Assert.Equal(new UniswapV3Position("USDC", "ETH", 6, 18, 3e15 * scale, 194_430, 198_080, position.PoolRawPrice, position.FeesOwed0, position.FeesOwed1), position);
        Assert.Equal(1e12 / 3_000, position.PoolRawPrice!.Value, 1e-6);
        Assert.Equal(Address.Parse(chain.Profile.UniswapV3!.PositionManager), reading.Contract);
        Assert.Equal("1446501726624926496477173928747177", reading.Raw["slot0.sqrtPriceX96"]);
    }

    [Fact]
    public async Task ReadAsync_UniswapBelowRange_AllToken0()
    {
        // NFT 2, treasury: [196 950, 200 310], L = 6e15; tick 196 256 < 196 950: all USDC.
        //   sa = 1.0001^98 475 = 18 901.709710370084, sb = 1.0001^100 155 = 22 359.336613538002
        //   amount0 = L(sb − sa)/(sa·sb) = 6e15 × 3 457.627 / (18 901.71 × 22 359.34) = 49 087 326 116.9 raw → 49 087.3261 USDC
        var snapshot = await ReadAsync(Treasury);
        var scale = await MintedOverTargetAsync(2, 6e15);

        var reading = Single(snapshot, PositionProtocols.UniswapV3, Treasury);
        Assert.Equal([PositionMarkers.BelowRange], reading.Markers);
        Assert.Equal(49_087.326116906480 * scale, reading.Decoded["amount0"], 1e-9 * 49_087);
        Assert.Equal(0.0, reading.Decoded["amount1"]);
    }

    [Fact]
    public async Task ReadAsync_UniswapAboveRange_AllToken1()
    {
        // NFT 3, trader: WBTC (token0, 8 dec) / WETH (token1, 18 dec) 0.3%, [257 340, 259 200], L = 1e14; tick 260 228 ≥ 259 200: all WETH.
        //   sa = 1.0001^128 670 = 387 068.39702198540, sb = 1.0001^129 600 = 424 790.77951314161
        //   amount1 = L(sb − sa) = 1e14 × 37 722.3825 = 3.7722382e18 raw → 3.772238 WETH; price 2e11 raw × 10^(8−18) = 20 ETH per BTC
        var snapshot = await ReadAsync(Trader);
        var scale = await MintedOverTargetAsync(3, 1e14);

        var reading = Single(snapshot, PositionProtocols.UniswapV3, Trader, p => p.Raw["tokenId"] == "3");
        Assert.Equal([PositionMarkers.AboveRange], reading.Markers);
        Assert.Equal(0.0, reading.Decoded["amount0"]);
        Assert.Equal(3.772238249115621 * scale, reading.Decoded["amount1"], 1e-9 * 3.77);
        Assert.Equal(20.0, reading.Decoded["price"], 1e-9);
        Assert.Equal(["BTC", "ETH"], reading.Underlyings);
        var position = Assert.IsType<UniswapV3Position>(reading.Instrument);
        Assert.Equal((8, 18), (position.Decimals0, position.Decimals1));
    }

    // ------------------------------------------------------------------ GMX v2

    [Fact]
    public async Task ReadAsync_GmxLong_SizeEntryPriceAndCollateralValue()
    {
        // sizeInUsd 30 000e30, sizeInTokens 10e18 (WETH 18 dec), collateral 2.5e18 WETH, long:
        //   size +10 ETH; entry = 30 000e30 × 10^18 / 10e18 / 1e30 = 3 000; collateral 2.5e18 / 10^18 = 2.5 ETH (held as ETH,
        //   not a fixed USD margin), worth 2.5 × 3 000 (ETH feed) = 7 500 USD; 4× leverage
        var snapshot = await ReadAsync(Trader);

        var reading = Single(snapshot, PositionProtocols.GmxV2, Trader);
        Assert.True(reading.IsOk, reading.Error);
        Assert.Equal(new PerpPosition("ETH", 10, 3_000, 0.01, null, "GMX v2", new PerpCollateral("ETH", 2.5)), reading.Instrument);
        Assert.Equal(30_000, reading.Decoded["sizeInUsd"]);
        Assert.Equal(2.5, reading.Decoded["collateralAmount"]);
        Assert.Equal(7_500, reading.Decoded["collateralUsd"]);
        Assert.Equal(4, reading.Decoded["leverage"]);
        Assert.Equal(-0.0025, reading.Decoded["pendingImpactAmount"]);
        Assert.Equal("true", reading.Raw["flags.isLong"]);
        Assert.Equal(chain.Token("WETH").ToString(), reading.Raw["market.indexToken"]);
        Assert.Equal(Address.Parse(chain.Profile.GmxV2!.Reader), reading.Contract);
    }

    [Fact]
    public async Task ReadAsync_GmxShort_NegativeSizeAndUsdcMargin()
    {
        // sizeInUsd 60 000e30, sizeInTokens 1e8 (WBTC 8 dec), collateral 20 000e6 USDC (6 dec), short:
        //   size −1 BTC; entry = 60 000e30 × 10^8 / 1e8 / 1e30 = 60 000; collateral 20 000e6 / 10^6 = 20 000 USDC,
        //   worth 20 000 × 1 = 20 000 USD
        var snapshot = await ReadAsync(Treasury);

        var reading = Single(snapshot, PositionProtocols.GmxV2, Treasury);
        Assert.Equal(new PerpPosition("BTC", -1, 60_000, 0.01, null, "GMX v2", new PerpCollateral("USDC", 20_000)), reading.Instrument);
        Assert.Equal(20_000, reading.Decoded["collateralUsd"]);
        Assert.Equal(["BTC", "USDC"], reading.Underlyings);
        Assert.Equal("false", reading.Raw["flags.isLong"]);
        Assert.Equal("100000000", reading.Raw["numbers.sizeInTokens"]);
    }

    // ------------------------------------------------------------------ Opyn oTokens

    [Fact]
    public async Task ReadAsync_OTokens_CallsAndPutInOptionUnitsWithUsdStrikes()
    {
        // balances 10e8, 25e8 (8 dec) → 10 and 25 options; strikes 3 500e8 and 2 500e8 → 3 500 and 2 500 USD.
        var snapshot = await ReadAsync(Trader, Treasury);

        var call = Assert.IsType<EuropeanOption>(Single(snapshot, PositionProtocols.OpynGamma, Trader, p => p.Contract == Address.Parse(chain.Profile.OTokens[0])).Instrument);
        var put = Assert.IsType<EuropeanOption>(Single(snapshot, PositionProtocols.OpynGamma, Treasury).Instrument);
        Assert.Equal(("ETH", OptionRight.Call, 3_500.0, 10.0), (call.Underlying, call.Right, call.Strike, call.Quantity));
        Assert.Equal(("ETH", OptionRight.Put, 2_500.0, 25.0), (put.Underlying, put.Right, put.Strike, put.Quantity));
        // Opyn expiries: Fridays 08:00 UTC, after the block.
        Assert.All([call, put], o => Assert.Equal((DayOfWeek.Friday, 8), (o.Expiry.DayOfWeek, o.Expiry.Hour)));
        Assert.True(call.Expiry > snapshot.BlockTime && put.Expiry > snapshot.BlockTime);
    }

    [Fact]
    public async Task ReadAsync_ExpiredOToken_ListedWithTheExpiredMarker()
    {
        var snapshot = await ReadAsync(Trader);

        var reading = Single(snapshot, PositionProtocols.OpynGamma, Trader, p => p.Contract == Address.Parse(chain.Profile.OTokens[2]));
        var option = Assert.IsType<EuropeanOption>(reading.Instrument);
        Assert.Equal([PositionMarkers.Expired], reading.Markers);
        Assert.Equal(1, reading.Decoded["expired"]);
        Assert.True(option.Expiry <= snapshot.BlockTime);
        Assert.Equal((OptionRight.Call, 3_200.0, 4.0), (option.Right, option.Strike, option.Quantity));
        // The live series carry no marker.
        Assert.Empty(Single(snapshot, PositionProtocols.OpynGamma, Trader, p => p.Contract == Address.Parse(chain.Profile.OTokens[0])).Markers);
    }

    // ------------------------------------------------------------------ provenance

    [Fact]
    public async Task ReadAsync_EveryPosition_CarriesProvenanceRawValuesAndItsUnderlyings()
    {
        var snapshot = await ReadAsync(Trader, Treasury);

        Assert.Equal((5 + 4) + (1 + 1) + (2 + 1) + (1 + 1) + (2 + 1), snapshot.Positions.Count); // trader + treasury: spot, Aave, Uniswap, GMX, oTokens
        Assert.All(snapshot.Positions, p =>
        {
            Assert.True(p.IsOk, $"{p.Id}: {p.Error}");
            Assert.Equal("local", p.Chain);
            Assert.Equal(snapshot.BlockNumber, p.BlockNumber);
            Assert.Contains(p.Owner, new[] { Trader, Treasury });
            Assert.NotEmpty(p.Raw);
            Assert.NotEmpty(p.Underlyings);
            Assert.StartsWith(p.Protocol + ":local:", p.Id);
        });
        Assert.Equal(snapshot.Positions.Count, snapshot.Positions.Select(p => p.Id).Distinct().Count());
        Assert.Equal(snapshot.Positions.Count, snapshot.ToPortfolio("demo").Positions.Count);
        Assert.Equal(["BTC", "ETH", "LINK", "USDC"], snapshot.Prices.Keys.Order());
        Assert.Empty(snapshot.Errors);
    }

    /// <summary>Compares doubles within a fraction of the expected value.</summary>
    private sealed class RelativeTolerance(double fraction) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= fraction * Math.Abs(x);

        public int GetHashCode(double obj) => 0;
    }
}
