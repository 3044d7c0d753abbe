using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>A lending account the cascade liquidates, named by its position id.</summary>
public sealed record CascadeAccount(string Id, LendingAccount Account);

/// <summary>The pool the seized collateral is sold into: the driver against a quote token whose price holds.</summary>
/// <param name="Liquidity">Its liquidity profile at the block.</param>
/// <param name="DriverIsToken0">Whether the driver's token is the pool's token0.</param>
/// <param name="DriverDecimals">Decimals of the driver's token.</param>
/// <param name="QuoteDecimals">Decimals of the quote token.</param>
public sealed record CascadePool(UniswapV3PoolLiquidity Liquidity, bool DriverIsToken0, int DriverDecimals, int QuoteDecimals)
{
    /// <summary>The pool's price of the driver, whole quote tokens per whole driver token.</summary>
    public double QuotePerDriver(UniswapV3PoolLiquidity state) => DriverIsToken0
        ? state.RawPrice * Math.Pow(10, DriverDecimals - QuoteDecimals)
        : Math.Pow(10, DriverDecimals - QuoteDecimals) / state.RawPrice;
}

/// <summary>What the cascade is asked.</summary>
/// <param name="Driver">The underlying shocked and sold (e.g. ETH).</param>
/// <param name="DriverMove">Its relative price move, e.g. −0.3; the pool is traded to the same move first.</param>
/// <param name="MaxRounds">Rounds of liquidations at most (each round: one liquidation call per account, then one sale).</param>
/// <param name="Tolerance">The walk has converged when a round moves the price by less than this (relative) and no account is left to liquidate.</param>
/// <param name="ExtraSoldPerRound">Whole driver tokens of other borrowers' seized collateral sold in the shock's round and in every round with a liquidation.</param>
public sealed record CascadeSettings(string Driver, double DriverMove, int MaxRounds = 50, double Tolerance = 1e-6, double ExtraSoldPerRound = 0);

/// <summary>One round of the cascade; round 0 is the shock itself.</summary>
/// <param name="Round">0 for the shock, then 1, 2, …</param>
/// <param name="PriceUsd">The driver's oracle price at the end of the round, USD.</param>
/// <param name="PoolPrice">The pool's price at the end of the round, quote tokens per driver token.</param>
/// <param name="SoldDriver">Driver tokens sold into the pool this round (round 0: what the shock's own trade sold, negative when it bought).</param>
/// <param name="ExtraSoldDriver">Of <paramref name="SoldDriver"/>, the market-wide amount given by the user.</param>
/// <param name="SeizedDriver">Driver tokens seized from the accounts this round.</param>
/// <param name="SeizedUsd">Value of all collateral seized this round, at the round's prices, USD.</param>
/// <param name="DebtRepaidUsd">Debt the liquidators repaid this round, USD.</param>
/// <param name="Liquidated">Accounts liquidated this round.</param>
/// <param name="MinHealthFactor">Lowest health factor at the end of the round; null without debt anywhere.</param>
/// <param name="ValueUsd">The portfolio's value at the end of the round, USD.</param>
public sealed record CascadeRound(
    int Round, double PriceUsd, double PoolPrice, double SoldDriver, double ExtraSoldDriver, double SeizedDriver, double SeizedUsd, double DebtRepaidUsd,
    IReadOnlyList<string> Liquidated, double? MinHealthFactor, double ValueUsd);

/// <summary>How the walk ended.</summary>
public enum CascadeStop
{
    /// <summary>A round moved the price by less than the tolerance and no account was left to liquidate.</summary>
    Converged,

    /// <summary>The round cap was reached first.</summary>
    CapReached,
}

/// <summary>The cascade's path and how it ended.</summary>
/// <param name="Rounds">Round 0 (the shock) and every round after it.</param>
/// <param name="Stop">Converged or capped.</param>
/// <param name="BaseValueUsd">The portfolio's value before the shock, on the cascade's own valuation, USD.</param>
/// <param name="LeftReadRange">The pool's price went past the ticks that were read at some point.</param>
/// <param name="UnsoldDriver">Driver tokens the pool could not take (its liquidity ran out in the walk).</param>
/// <param name="ShortfallUsd">At the end, the debt left above all collateral of accounts that have nothing left to seize, USD.</param>
/// <param name="Notes">How the figures were obtained and what they leave out, in words.</param>
public sealed record CascadeResult(
    IReadOnlyList<CascadeRound> Rounds, CascadeStop Stop, double BaseValueUsd, bool LeftReadRange, double UnsoldDriver, double ShortfallUsd, IReadOnlyList<string> Notes)
{
    /// <summary>The last round.</summary>
    public CascadeRound Final => Rounds[^1];
}
