using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;
using ExposureWeb.Risk.Scenarios;

namespace ExposureWeb.Risk.Tests.Scenarios;

/// <summary>
/// The cascade's fixed point on a constant-liquidity ETH/USDC pool (ETH token0, 18 decimals; USDC 6) with hand-checked
/// Aave v3 liquidations: seized = debt covered × debt price ÷ collateral price × (1 + bonus).
/// </summary>
public class LiquidationCascadeTests
{
    private static readonly Dictionary<string, double> Prices = new() { ["ETH"] = 3000, ["USDC"] = 1 };

    /// <summary>A pool at 3 000 USDC per ETH with human liquidity <paramref name="liquidity"/> (virtual ETH reserve = L ÷ √3 000).</summary>
    private static CascadePool Pool(double liquidity)
    {
        double raw = 3000 * 1e-12, sqrt = Math.Sqrt(raw);
        var profile = new UniswapV3PoolLiquidity(sqrt, UniswapV3Math.PriceToTick(raw), liquidity * 1e12, 500, 10, [], UniswapV3Math.MinTick, UniswapV3Math.MaxTick);
        return new CascadePool(profile, DriverIsToken0: true, DriverDecimals: 18, QuoteDecimals: 6);
    }

    /// <summary>10 ETH (threshold 80%, bonus 5%) against <paramref name="debt"/> USDC.</summary>
    private static CascadeAccount Account(string id, double debt, double eth = 10) =>
        new(id, new LendingAccount("Aave", [new LendingSupply("ETH", "WETH", eth, 0.8, true, 0.05)], [new LendingDebt("USDC", "USDC", debt)]));

    [Fact]
    public void Run_NoLiquidation_OneRoundAndNoMove()
    {
        var result = LiquidationCascade.Run([Account("a", 10_000)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2));

        Assert.Equal(CascadeStop.Converged, result.Stop);
        Assert.Equal(2, result.Rounds.Count);
        Assert.Equal(2400, result.Rounds[0].PriceUsd, 9);
        Assert.Equal(result.Rounds[0].PriceUsd, result.Rounds[1].PriceUsd);
        Assert.Empty(result.Rounds[1].Liquidated);
        Assert.Equal(0, result.Rounds[1].SoldDriver);
        // The pool was traded to the shock: its price moved by the same −20%.
        Assert.Equal(2400, result.Rounds[0].PoolPrice, 6);
        Assert.Equal(24_000 * 0.8 / 10_000, result.Rounds[1].MinHealthFactor!.Value, 9);
        Assert.Equal(30_000 - 10_000, result.BaseValueUsd, 9);
    }

    [Fact]
    public void Run_HalfCloseFactor_SeizesByTheFormulaSellsIntoThePoolAndConverges()
    {
        const double debt = 19_800; // HF at 2 400: 19 200 / 19 800 = 0.97, between 0.95 and 1
        var pool = Pool(1e5);
        var result = LiquidationCascade.Run([Account("a", debt)], Prices, pool, new CascadeSettings("ETH", -0.2));

        var round1 = result.Rounds[1];
        double seized = 0.5 * debt * 1 / 2400 * 1.05;
        Assert.Equal(["a"], round1.Liquidated);
        Assert.Equal(seized, round1.SeizedDriver, 9);
        Assert.Equal(0.5 * debt, round1.DebtRepaidUsd, 9);
        Assert.Equal(seized * 2400, round1.SeizedUsd, 6);
        // The oracle follows the pool: the sale's price impact, walked on the shocked pool.
        var shocked = UniswapV3Swap.ExactInput(pool.Liquidity, true, double.PositiveInfinity, pool.Liquidity.SqrtPrice * Math.Sqrt(0.8)).After;
        var sold = UniswapV3Swap.ExactInput(shocked, true, seized * 1e18).After;
        Assert.Equal(2400 * pool.QuotePerDriver(sold) / pool.QuotePerDriver(shocked), round1.PriceUsd, 9);
        Assert.True(round1.PriceUsd < 2400);
        // 5 ETH left back 9 900 of debt: healthy again, so the next round has nothing to do.
        Assert.Equal(CascadeStop.Converged, result.Stop);
        Assert.Equal(3, result.Rounds.Count);
        Assert.Empty(result.Rounds[2].Liquidated);
        Assert.True(result.Rounds[2].MinHealthFactor > 1);
    }

    [Fact]
    public void Run_BelowFullCloseHealthFactor_RepaysAllTheDebt()
    {
        const double debt = 21_000; // HF at 2 400: 19 200 / 21 000 = 0.914 < 0.95
        var result = LiquidationCascade.Run([Account("a", debt)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2));

        Assert.Equal(debt, result.Rounds[1].DebtRepaidUsd, 9);
        Assert.Equal(debt / 2400 * 1.05, result.Rounds[1].SeizedDriver, 9);
        Assert.Null(result.Final.MinHealthFactor); // no debt left anywhere
    }

    [Fact]
    public void Run_CollateralShort_SeizesAllAndReportsTheShortfall()
    {
        const double debt = 30_000; // 10 ETH at 2 400 = 24 000 < debt
        var result = LiquidationCascade.Run([Account("a", debt)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2));

        Assert.Equal(10, result.Rounds[1].SeizedDriver, 9);
        Assert.Equal(24_000 / 1.05, result.Rounds[1].DebtRepaidUsd, 6);
        Assert.Equal(debt - 24_000 / 1.05, result.ShortfallUsd, 6);
        Assert.Contains(result.Notes, n => n.Contains("bad debt", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ThinPoolStaggeredAccounts_EachSaleLiquidatesTheNextUntilItSettles()
    {
        // Health factors at 2 400 of 0.99, 1.01 … 1.07: only the first is liquidatable after the shock itself.
        var accounts = Enumerable.Range(0, 5).Select(i => Account($"a{i}", 19_200 / (0.99 + 0.02 * i))).ToList();
        var result = LiquidationCascade.Run(accounts, Prices, Pool(15_000), new CascadeSettings("ETH", -0.2));

        Assert.Equal(CascadeStop.Converged, result.Stop);
        var liquidating = result.Rounds.Where(r => r.Liquidated.Count > 0).ToList();
        Assert.True(liquidating.Count >= 3, $"{liquidating.Count} rounds with liquidations");
        Assert.Equal(["a0"], result.Rounds[1].Liquidated);
        for (int i = 1; i < result.Rounds.Count; i++) Assert.True(result.Rounds[i].PriceUsd <= result.Rounds[i - 1].PriceUsd);
        Assert.True(result.Final.PriceUsd < 2400 * 0.95, $"settled at {result.Final.PriceUsd}");
    }

    [Fact]
    public void Run_CapReached_Reported()
    {
        var result = LiquidationCascade.Run([Account("a", 19_800)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2, MaxRounds: 1));

        Assert.Equal(CascadeStop.CapReached, result.Stop);
        Assert.Equal(2, result.Rounds.Count);
        Assert.Contains(result.Notes, n => n.Contains("cap of 1 rounds", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ExtraSold_SoldInTheShocksRoundOnlyWithoutLiquidations()
    {
        var result = LiquidationCascade.Run([Account("a", 10_000)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2, ExtraSoldPerRound: 100));

        Assert.Equal(100, result.Rounds[1].SoldDriver);
        Assert.Equal(100, result.Rounds[1].ExtraSoldDriver);
        Assert.True(result.Rounds[1].PriceUsd < 2400);
        Assert.Equal(0, result.Rounds[2].SoldDriver);
        Assert.Equal(CascadeStop.Converged, result.Stop);
    }

    [Fact]
    public void Run_RestOfThePortfolio_RevaluedAtEachRoundsPrice()
    {
        // 2 ETH held outside the accounts.
        var result = LiquidationCascade.Run([Account("a", 19_800)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2), restValueUsd: p => 2 * p);

        Assert.Equal(30_000 - 19_800 + 6_000, result.BaseValueUsd, 9);
        var r = result.Rounds[1];
        Assert.Equal(2 * r.PriceUsd + Math.Max((10 - r.SeizedDriver) * r.PriceUsd - 19_800 / 2, 0), r.ValueUsd, 6);
    }

    [Fact]
    public void Run_Cancelled_StopsBeforeTheNextRound()
    {
        using var cts = new CancellationTokenSource();
        int rounds = 0;
        Assert.Throws<OperationCanceledException>(() => LiquidationCascade.Run([Account("a", 19_800)], Prices, Pool(1e5), new CascadeSettings("ETH", -0.2),
            onRound: _ => { if (++rounds == 1) cts.Cancel(); }, ct: cts.Token));
        Assert.Equal(1, rounds); // round 0 only
    }

    [Fact]
    public void Run_NoPriceForTheDriver_Refused() =>
        Assert.Throws<ArgumentException>(() => LiquidationCascade.Run([], new Dictionary<string, double> { ["USDC"] = 1 }, Pool(1e5), new CascadeSettings("ETH", -0.2)));
}
