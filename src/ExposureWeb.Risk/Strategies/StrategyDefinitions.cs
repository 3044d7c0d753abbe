namespace ExposureWeb.Risk.Strategies;

/// <summary>What a strategy keeps in check (the names match the stored <c>StrategyKind</c>).</summary>
public enum StrategyType
{
    /// <summary>Net delta of an underlying within a band.</summary>
    DeltaBand,
    /// <summary>Lowest health factor above a floor.</summary>
    HealthFactorFloor,
    /// <summary>Dollar gamma within a cap.</summary>
    GammaCap,
    /// <summary>Vega within a cap.</summary>
    VegaCap,
    /// <summary>Short options within a gamma budget.</summary>
    VolatilityHarvest,
    /// <summary>LP positions in range.</summary>
    LpRange,
}

/// <summary>The unit of a delta band's limits.</summary>
public enum BandUnit
{
    /// <summary>Units of the underlying (ETH for ETH): the net delta ∂V/∂S summed over positions.</summary>
    Units,

    /// <summary>USD: net delta × the oracle price.</summary>
    Usd,
}

/// <summary>Where a delta hedge is traded.</summary>
public enum HedgeVenue
{
    /// <summary>A swap of the underlying's token against <see cref="HedgeInstrument.PairToken"/> in one Uniswap v3 pool.</summary>
    UniswapSwap,

    /// <summary>A GMX v2 perpetual on <see cref="HedgeInstrument.Market"/>.</summary>
    GmxPerp,
}

/// <summary>Covered calls or cash-secured puts.</summary>
public enum HarvestStyle
{
    /// <summary>Calls sold against the underlying held.</summary>
    CoveredCalls,
    /// <summary>Puts sold against stablecoins held.</summary>
    CashSecuredPuts,
}

/// <summary>The instrument a delta band hedges with.</summary>
/// <param name="Venue">Uniswap swap or GMX perp.</param>
/// <param name="PairToken">Swap: the token traded against the underlying's token (e.g. USDC).</param>
/// <param name="FeeTier">Swap: the pool's fee in hundredths of a basis point (100, 500, 3000, 10000).</param>
/// <param name="Market">Perp: the GMX market name (e.g. <c>ETH/USD</c>).</param>
public sealed record HedgeInstrument(HedgeVenue Venue, string? PairToken = null, int? FeeTier = null, string? Market = null);

/// <summary>Base of every strategy definition; which one it is follows from <see cref="Type"/>.</summary>
public abstract record StrategyDefinition
{
    /// <summary>Which kind of strategy this is.</summary>
    public abstract StrategyType Type { get; }
}

/// <summary>Net delta of <paramref name="Underlying"/> kept within [<paramref name="Low"/>, <paramref name="High"/>] (in <paramref name="Unit"/>).</summary>
/// <param name="Underlying">Unit of netting (ETH, BTC …).</param>
/// <param name="Low">Lower limit (may be negative), in <paramref name="Unit"/>.</param>
/// <param name="High">Upper limit, in <paramref name="Unit"/>.</param>
/// <param name="Unit">Units of the underlying or USD.</param>
/// <param name="Hedge">What a breach is hedged with; the hedge brings net delta to the band's middle.</param>
public sealed record DeltaBandDefinition(string Underlying, double Low, double High, BandUnit Unit, HedgeInstrument Hedge) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.DeltaBand;

    /// <summary>The middle of the band, in <see cref="Unit"/>.</summary>
    public double Middle => (Low + High) / 2;
}

/// <summary>The lowest health factor of the portfolio's Aave accounts kept at or above <paramref name="Floor"/>; a fix aims at <paramref name="Target"/>.</summary>
/// <param name="Floor">Breached below it; greater than 1.</param>
/// <param name="Target">Where a fix brings the health factor; at least <paramref name="Floor"/>.</param>
public sealed record HealthFactorFloorDefinition(double Floor, double Target) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.HealthFactorFloor;
}

/// <summary>Σ dollar gamma per 1% move kept within a cap.</summary>
/// <param name="MaxDollarGammaPerPercent">USD per 1% move, positive.</param>
/// <param name="ShortOnly">True: only short gamma (negative) counts; false: |gamma|.</param>
public sealed record GammaCapDefinition(double MaxDollarGammaPerPercent, bool ShortOnly = true) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.GammaCap;
}

/// <summary>Σ vega per vol point kept within a cap.</summary>
/// <param name="MaxVegaPerVolPoint">USD per vol point, positive.</param>
/// <param name="ShortOnly">True: only short vega counts; false: |vega|.</param>
public sealed record VegaCapDefinition(double MaxVegaPerVolPoint, bool ShortOnly = true) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.VegaCap;
}

/// <summary>Selling options on an underlying for premium while its short dollar gamma stays within a budget; a breach proposes buying back the short options whose gamma costs least.</summary>
/// <param name="Underlying">Unit of netting.</param>
/// <param name="Style">Covered calls or cash-secured puts.</param>
/// <param name="GammaBudgetPerPercent">USD per 1% move the short gamma may reach, positive.</param>
public sealed record VolatilityHarvestDefinition(string Underlying, HarvestStyle Style, double GammaBudgetPerPercent) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.VolatilityHarvest;
}

/// <summary>Uniswap v3 positions kept in range; a breach proposes moving the largest one out of range back around the price.</summary>
/// <param name="MaxOutOfRange">How many of the portfolio's LP positions may be out of range (0: none).</param>
public sealed record LpRangeDefinition(int MaxOutOfRange = 0) : StrategyDefinition
{
    /// <inheritdoc/>
    public override StrategyType Type => StrategyType.LpRange;
}
