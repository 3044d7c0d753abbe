using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Pricing;

namespace ExposureWeb.Engine.Reading;

/// <summary>Maps manual position entries (entered or imported by users) to Risk instruments.</summary>
public static class ManualInstruments
{
    public const string Protocol = "manual";

    /// <summary>
    /// Maintenance margin of a perp entered by hand: the venue is unknown, so a conservative 1% of notional
    /// (the order of Hyperliquid's and GMX's majors) is assumed; its liquidation price is indicative only.
    /// </summary>
    public const double PerpMaintenanceMarginRate = 0.01;

    public static Position ToPosition(ManualPositionEntry e)
    {
        var label = string.IsNullOrWhiteSpace(e.Label) ? $"manual {e.Kind.ToString().ToLowerInvariant()} #{e.Id}" : e.Label!;
        IInstrument instrument = e.Kind switch
        {
            ManualPositionKind.Perp => new PerpPosition(e.Underlying, e.Quantity, e.EntryPriceUsd ?? 0, PerpMaintenanceMarginRate, e.CashUsd, $"manual: {label}"),
            ManualPositionKind.Option => new EuropeanOption(e.Underlying, e.Right == ManualOptionRight.Put ? OptionRight.Put : OptionRight.Call,
                e.Strike ?? 0, e.Expiry ?? DateTimeOffset.MinValue, e.Quantity),
            _ => new ManualPosition(label, e.Underlying, e.Quantity, e.CashUsd ?? 0),
        };
        return new Position($"{Protocol}:{e.Id}", instrument);
    }
}
