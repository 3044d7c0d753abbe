using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// The set of models used to value a portfolio, one per kind of instrument (Lean's OptionPriceModels). Swap one
/// with an <c>init</c> to change how that kind is priced everywhere.
/// </summary>
public sealed class PricingModels
{
    /// <summary>The house defaults: Black-Scholes-Merton for options, closed forms for the rest.</summary>
    public static PricingModels Default { get; } = new();

    /// <summary>Spot holdings.</summary>
    public IPricingModel<SpotHolding> Spot { get; init; } = new SpotModel();

    /// <summary>European options.</summary>
    public IPricingModel<EuropeanOption> Option { get; init; } = new BlackScholesModel();

    /// <summary>Uniswap v3 ranges.</summary>
    public IPricingModel<UniswapV3Position> UniswapV3 { get; init; } = new UniswapV3Model();

    /// <summary>Lending accounts.</summary>
    public IPricingModel<LendingAccount> Lending { get; init; } = new LendingModel();

    /// <summary>Perps (isolated or stand-alone).</summary>
    public IPricingModel<PerpPosition> Perp { get; init; } = new PerpModel();

    /// <summary>Cross-margin perp accounts.</summary>
    public IPricingModel<CrossMarginAccount> CrossMargin { get; init; } = new CrossMarginModel();

    /// <summary>Manual positions.</summary>
    public IPricingModel<ManualPosition> Manual { get; init; } = new ManualModel();

    /// <summary>
    /// Values any instrument with the model for its kind. Never throws for a bad position: an unknown kind or an
    /// instrument the model rejects comes back unpriced with the reason.
    /// </summary>
    public PricingResult Value(IInstrument instrument, MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(market);
        try
        {
            return instrument switch
            {
                SpotHolding s => Spot.Value(s, market),
                EuropeanOption o => Option.Value(o, market),
                UniswapV3Position u => UniswapV3.Value(u, market),
                LendingAccount l => Lending.Value(l, market),
                PerpPosition p => Perp.Value(p, market),
                CrossMarginAccount c => CrossMargin.Value(c, market),
                ManualPosition m => Manual.Value(m, market),
                null => PricingResult.Unpriced("no instrument."),
                _ => PricingResult.Unpriced($"no pricing model for {instrument.GetType().Name}."),
            };
        }
        catch (ArgumentException e)
        {
            return PricingResult.Unpriced($"invalid {instrument.Describe()}: {e.Message}");
        }
    }
}
