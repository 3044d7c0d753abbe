using ExposureWeb.Data.ManualPositions;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Data.Entities;

/// <summary>
/// A position the chain cannot show (an off-chain hedge such as a perp on a centralised exchange), entered in the
/// UI or imported from CSV. Only <see cref="ManualPositionStore"/> writes it, after <see cref="ManualPositionValidator"/>.
/// </summary>
public sealed class ManualPositionEntry
{
    public int Id { get; set; }

    public int PortfolioId { get; set; }

    public ManualPositionKind Kind { get; set; }

    /// <summary>What the user calls it, e.g. "Binance ETH short"; optional.</summary>
    public string? Label { get; set; }

    /// <summary>Upper-case symbol the position nets into, e.g. <c>ETH</c>.</summary>
    public required string Underlying { get; set; }

    /// <summary>Signed units of the underlying (long &gt; 0, short &lt; 0); for an option, the signed number of options on one unit each.</summary>
    public double Quantity { get; set; }

    /// <summary>USD per unit: average entry price of a perp (required), cost of spot or premium per option (optional).</summary>
    public double? EntryPriceUsd { get; set; }

    /// <summary>Option strike, USD per unit of the underlying.</summary>
    public double? Strike { get; set; }

    /// <summary>Option expiry, UTC.</summary>
    public DateTimeOffset? Expiry { get; set; }

    public ManualOptionRight? Right { get; set; }

    /// <summary>USD beside the position that does not move with the underlying (e.g. margin or the cash leg of a hedge); optional, may be negative.</summary>
    public double? CashUsd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public ManualPositionValues ToValues() => new(Kind, Underlying, Quantity, Label, EntryPriceUsd, Strike, Expiry, Right, CashUsd);
}
