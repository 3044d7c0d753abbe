namespace ExposureWeb.Risk.Instruments;

/// <summary>A Uniswap v3 liquidity position (one NonfungiblePositionManager token).</summary>
/// <param name="Underlying0">Unit of netting of token0, e.g. <c>ETH</c>.</param>
/// <param name="Underlying1">Unit of netting of token1, e.g. <c>USDC</c>.</param>
/// <param name="Decimals0">Decimals of token0.</param>
/// <param name="Decimals1">Decimals of token1.</param>
/// <param name="Liquidity">Position liquidity as on chain (the uint128, raw units).</param>
/// <param name="TickLower">Lower tick of the range.</param>
/// <param name="TickUpper">Upper tick of the range (greater than <paramref name="TickLower"/>).</param>
/// <param name="PoolRawPrice">
/// The pool's current raw price (token1 base units per token0 base unit, from slot0's sqrtPriceX96), or null to
/// use the oracle ratio. When given, scenarios move it with the ratio of the two underlyings' price moves.
/// </param>
/// <param name="FeesOwed0">Uncollected fees in whole token0 (tokensOwed0 plus growth since the last poke), valued as spot.</param>
/// <param name="FeesOwed1">Uncollected fees in whole token1.</param>
public sealed record UniswapV3Position(
    string Underlying0, string Underlying1, int Decimals0, int Decimals1, double Liquidity, int TickLower, int TickUpper,
    double? PoolRawPrice = null, double FeesOwed0 = 0, double FeesOwed1 = 0) : IInstrument
{
    /// <inheritdoc />
    public string Describe() => $"Uniswap v3 {Underlying0}/{Underlying1} [{TickLower}, {TickUpper}]";
}
