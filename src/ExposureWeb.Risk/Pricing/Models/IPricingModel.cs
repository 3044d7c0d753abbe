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
