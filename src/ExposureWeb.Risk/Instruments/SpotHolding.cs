namespace ExposureWeb.Risk.Instruments;

/// <summary>A quantity of an asset held outright (a native balance or an ERC-20 balance).</summary>
/// <param name="Underlying">Unit of netting, e.g. <c>ETH</c> for both ETH and WETH.</param>
/// <param name="Symbol">What is held, e.g. <c>WETH</c>.</param>
/// <param name="Quantity">Amount in token units (already divided by 10^decimals).</param>
public sealed record SpotHolding(string Underlying, string Symbol, double Quantity) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"{Quantity:G6} {Symbol}";
}
