using System.Numerics;
using ExposureWeb.Risk.Governance;

namespace ExposureWeb.Risk.Tests.Governance;

public sealed class MarketParameterDiffTests
{
    internal const string Weth = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";
    internal const string Usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    internal const string Link = "0x514910771AF9Ca656af840dff83E8264EcF986CA";

    internal static ReserveParameters Reserve(string asset, string symbol) => new(
        asset, symbol, Ltv: 8050, LiquidationThreshold: 8300, LiquidationBonus: 10500, Decimals: 18, Active: true, Frozen: false, Paused: false,
        BorrowingEnabled: true, ReserveFactor: 1500, SupplyCap: 1_800_000, BorrowCap: 1_400_000, DebtCeiling: 0, LiquidationProtocolFee: 1000,
        EModeCategory: 1, InterestRateStrategy: "0x1111111111111111111111111111111111111111",
        RateStrategy: new(BigInteger.Parse("800000000000000000000000000"), 0, BigInteger.Parse("33000000000000000000000000"), BigInteger.Parse("800000000000000000000000000")),
        OracleSource: "0x2222222222222222222222222222222222222222", OraclePrice: 300_000_000_000);

    internal static MarketParameters MarketOf(params ReserveParameters[] reserves) => new(
        "local", "aave-v3", "0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2", 100, DateTimeOffset.UnixEpoch.AddDays(20_000),
        "0x54586bE62E3c3580375aE3723C145253060Ca0C2", 100_000_000, reserves,
        [new EModeCategoryParameters(1, 9000, 9300, 10100, "0x0000000000000000000000000000000000000000", "ETH correlated")]);

    [Fact]
    public void Compare_SameParameters_NoChanges()
    {
        var market = MarketOf(Reserve(Weth, "WETH"), Reserve(Usdc, "USDC"));

        Assert.Empty(MarketParameterDiff.Compare(market, market with { BlockNumber = 200 }));
    }

    [Fact]
    public void Compare_ThresholdsLowered_OneChangePerFieldWithUnits()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = MarketOf(Reserve(Weth, "WETH") with { Ltv = 7750, LiquidationThreshold = 8000 });

        var changes = MarketParameterDiff.Compare(before, after);

        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.Reserve, Weth, "WETH", ParameterNames.Ltv, "8050", "7750", ParameterUnits.BasisPoints),
                new ParameterChange(ParameterScopes.Reserve, Weth, "WETH", ParameterNames.LiquidationThreshold, "8300", "8000", ParameterUnits.BasisPoints),
            ],
            changes);
        Assert.Equal("WETH liquidationThreshold 8300 → 8000 bps", changes[1].Describe());
    }

    [Fact]
    public void Compare_ReserveListedAndRemoved_ListedChangesWithNullSides()
    {
        var before = MarketOf(Reserve(Weth, "WETH"), Reserve(Link, "LINK"));
        var after = MarketOf(Reserve(Weth, "WETH"), Reserve(Usdc, "USDC"));

        var changes = MarketParameterDiff.Compare(before, after);

        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.Reserve, Usdc, "USDC", ParameterNames.Listed, null, "true", ParameterUnits.Flag),
                new ParameterChange(ParameterScopes.Reserve, Link, "LINK", ParameterNames.Listed, "true", null, ParameterUnits.Flag),
            ],
            changes);
    }

    [Fact]
    public void Compare_OraclePriceMoved_NotAChange()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = MarketOf(Reserve(Weth, "WETH") with { OraclePrice = 200_000_000_000 });

        Assert.Empty(MarketParameterDiff.Compare(before, after));
    }

    [Fact]
    public void Compare_OracleSourceReplaced_OracleScopeChange()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = MarketOf(Reserve(Weth, "WETH") with { OracleSource = "0x3333333333333333333333333333333333333333" });

        var change = Assert.Single(MarketParameterDiff.Compare(before, after));

        Assert.Equal(new ParameterChange(ParameterScopes.Oracle, Weth, "WETH", ParameterNames.OracleSource,
            "0x2222222222222222222222222222222222222222", "0x3333333333333333333333333333333333333333", ParameterUnits.Address), change);
    }

    [Fact]
    public void Compare_OracleAddressReplaced_MarketScopeChange()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = before with { Oracle = "0x4444444444444444444444444444444444444444" };

        var change = Assert.Single(MarketParameterDiff.Compare(before, after));

        Assert.Equal((ParameterScopes.Market, ParameterNames.PriceOracle, before.Oracle, after.Oracle), (change.Scope, change.Parameter, change.Before, change.After));
    }

    [Fact]
    public void Compare_AddressCasingOnly_NoChange()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = MarketOf(Reserve(Weth.ToLowerInvariant(), "WETH") with { InterestRateStrategy = "0x1111111111111111111111111111111111111111".ToUpperInvariant().Replace("0X", "0x") });

        Assert.Empty(MarketParameterDiff.Compare(before, after));
    }

    [Fact]
    public void Compare_FlagsCapsCeilingAndRateSlope_EachInItsUnit()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var reserve = Reserve(Weth, "WETH");
        var after = MarketOf(reserve with
        {
            Frozen = true, SupplyCap = 2_000_000, DebtCeiling = 5_000_000_00,
            RateStrategy = reserve.RateStrategy! with { VariableRateSlope2 = BigInteger.Parse("900000000000000000000000000") },
        });

        var changes = MarketParameterDiff.Compare(before, after).Select(c => (c.Parameter, c.Before, c.After, c.Unit)).ToList();

        Assert.Equal(
            [
                (ParameterNames.Frozen, "false", "true", ParameterUnits.Flag),
                (ParameterNames.SupplyCap, "1800000", "2000000", ParameterUnits.Tokens),
                (ParameterNames.DebtCeiling, "0", "500000000", ParameterUnits.Usd2),
                (ParameterNames.VariableRateSlope2, "800000000000000000000000000", "900000000000000000000000000", ParameterUnits.Ray),
            ],
            changes);
    }

    [Fact]
    public void Compare_UnknownOnOneSide_NotAChange()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = MarketOf(Reserve(Weth, "WETH") with { RateStrategy = null, OracleSource = null }) with { Oracle = null, BaseCurrencyUnit = null };

        Assert.Empty(MarketParameterDiff.Compare(before, after));
    }

    [Fact]
    public void Compare_EModeCategoryChangedAndAdded_EModeScopeChanges()
    {
        var before = MarketOf(Reserve(Weth, "WETH"));
        var after = before with
        {
            EModeCategories =
            [
                new EModeCategoryParameters(1, 9000, 9500, 10100, "0x0000000000000000000000000000000000000000", "ETH correlated"),
                new EModeCategoryParameters(2, 9700, 9750, 10100, "0x0000000000000000000000000000000000000000", "Stablecoins"),
            ],
        };

        var changes = MarketParameterDiff.Compare(before, after);

        Assert.Equal(
            [
                new ParameterChange(ParameterScopes.EMode, "1", "ETH correlated", ParameterNames.LiquidationThreshold, "9300", "9500", ParameterUnits.BasisPoints),
                new ParameterChange(ParameterScopes.EMode, "2", "Stablecoins", ParameterNames.Listed, null, "true", ParameterUnits.Flag),
            ],
            changes);
    }
}
