using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// A pricing model: says what an instrument is worth against a market snapshot (QuantConnect Lean's
/// IOptionPriceModel idea — the position says what it is, the model what it is worth — for every kind of position).
/// </summary>
/// <typeparam name="TInstrument">The kind of instrument it prices.</typeparam>
public interface IPricingModel<in TInstrument> where TInstrument : IInstrument
{
    /// <summary>Name shown with every valuation it produces.</summary>
    string Name { get; }

    /// <summary>Values the instrument, or says why it cannot (missing price, missing volatility…).</summary>
    /// <remarks>May throw <see cref="ArgumentException"/> for an instrument with impossible terms; <see cref="PricingModels.Value"/> reports that as unpriced.</remarks>
    PricingResult Value(TInstrument instrument, MarketSnapshot market);
}

/// <summary>
/// A model that can also value many instruments in one pass, e.g. through a vectorised kernel. Results must agree
/// with <see cref="IPricingModel{TInstrument}.Value"/> to ~1e-12 relative.
/// </summary>
/// <typeparam name="TInstrument">The kind of instrument it prices.</typeparam>
public interface IBatchPricingModel<TInstrument> : IPricingModel<TInstrument> where TInstrument : IInstrument
{
    /// <summary>
    /// Values the instruments it can; rows left with <paramref name="handled"/> false (unusual cases: missing data,
    /// expiry, invalid terms) are for the caller to value one by one with <see cref="IPricingModel{TInstrument}.Value"/>,
    /// so that their messages are the same as ever.
    /// </summary>
    /// <param name="instruments">Instruments to value.</param>
    /// <param name="market">Market snapshot.</param>
    /// <param name="results">Out: a result per handled row.</param>
    /// <param name="handled">Out: true where <paramref name="results"/> holds the answer.</param>
    void ValueMany(ReadOnlySpan<TInstrument> instruments, MarketSnapshot market, Span<PricingResult> results, Span<bool> handled);
}
