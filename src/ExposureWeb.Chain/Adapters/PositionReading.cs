using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Adapters;

/// <summary>
/// One position as read from the chain, with its provenance: what protocol and contract it came from, whose it is,
/// at which block, the raw on-chain values and the Risk instrument decoded from them.
/// </summary>
/// <param name="Protocol">One of <see cref="PositionProtocols"/>, e.g. <c>aave-v3</c>.</param>
/// <param name="Chain">The chain profile's name.</param>
/// <param name="Owner">The portfolio address the position belongs to.</param>
/// <param name="Contract">The contract the position lives in (the Aave pool, the position manager, the GMX reader, the oToken, the ERC-20).</param>
/// <param name="BlockNumber">The block every value was read at.</param>
/// <param name="Id">Stable identifier, unique within a snapshot, e.g. <c>uniswap-v3:local:0xC36…:3</c>.</param>
/// <param name="Underlyings">Units of netting the position is exposed to (e.g. <c>ETH</c>, <c>USDC</c>), empty when unknown.</param>
/// <param name="Instrument">What is held, in Risk's terms; null when the position could not be read (then <paramref name="Error"/> says why).</param>
/// <param name="Raw">
/// The on-chain values as read, name → decimal (or hex, for bitmaps and addresses) string, in read order; names follow
/// the contracts' own field names, prefixed for nested values (<c>numbers.sizeInUsd</c>, <c>WETH.aTokenBalance</c>).
/// </param>
/// <param name="Error">
/// Null when everything read and checked. With a null <paramref name="Instrument"/>: the position could not be read (a
/// reverted call, a token missing from the profile …). With an instrument: it was read but a consistency check failed
/// (e.g. Aave's getUserAccountData disagrees with the per-reserve computation); value it with care.
/// </param>
public sealed record PositionReading(
    string Protocol,
    string Chain,
    Address Owner,
    Address Contract,
    ulong BlockNumber,
    string Id,
    IReadOnlyList<string> Underlyings,
    IInstrument? Instrument,
    IReadOnlyDictionary<string, string> Raw,
    string? Error)
{
    private static readonly IReadOnlyDictionary<string, double> NoValues = new Dictionary<string, double>();

    /// <summary>
    /// Facts about the position that are not errors but must not be overlooked, from <see cref="PositionMarkers"/>:
    /// <c>expired</c>, <c>in-range</c> / <c>below-range</c> / <c>above-range</c>, <c>frozen-reserve:LINK</c> …
    /// </summary>
    public IReadOnlyList<string> Markers { get; init; } = [];

    /// <summary>
    /// Values derived from the raw ones in human units, for display and checks: token amounts of a Uniswap position,
    /// a perp's entry price, an Aave account's health factors. Names and units are documented on each adapter.
    /// </summary>
    public IReadOnlyDictionary<string, double> Decoded { get; init; } = NoValues;

    /// <summary>
    /// An Aave v3 account's reserves in the protocol's own integers (balances with interest, oracle prices, LTV and
    /// threshold, collateral flags), as its cross-check used them: the inputs of <see cref="AaveAccountFormula"/>. Null for
    /// other protocols, and when a reserve's balance or price could not be read.
    /// </summary>
    public IReadOnlyList<AaveAccountLeg>? AaveLegs { get; init; }

    /// <summary>True when the position was read and every check passed.</summary>
    public bool IsOk => Instrument is not null && Error is null;

    /// <summary>The Risk position, or null when there is no instrument.</summary>
    public Position? ToPosition() => Instrument is null ? null : new Position(Id, Instrument);
}

/// <summary>The <see cref="PositionReading.Protocol"/> names.</summary>
public static class PositionProtocols
{
    /// <summary>Native and ERC-20 balances.</summary>
    public const string Spot = "spot";

    /// <summary>Aave v3 lending accounts.</summary>
    public const string AaveV3 = "aave-v3";

    /// <summary>Uniswap v3 position NFTs.</summary>
    public const string UniswapV3 = "uniswap-v3";

    /// <summary>GMX v2 (synthetics) perpetual positions.</summary>
    public const string GmxV2 = "gmx-v2";

    /// <summary>Opyn Gamma oTokens (European options).</summary>
    public const string OpynGamma = "opyn-gamma";
}

/// <summary>Values of <see cref="PositionReading.Markers"/>.</summary>
public static class PositionMarkers
{
    /// <summary>An option past its expiry at the block's time: listed, but its value is the settlement's, not a model's.</summary>
    public const string Expired = "expired";

    /// <summary>Uniswap v3: tickLower ≤ current tick &lt; tickUpper (the position earns fees and holds both tokens).</summary>
    public const string InRange = "in-range";

    /// <summary>Uniswap v3: current tick below tickLower: the position is all token0.</summary>
    public const string BelowRange = "below-range";

    /// <summary>Uniswap v3: current tick at or above tickUpper: the position is all token1.</summary>
    public const string AboveRange = "above-range";

    /// <summary>Prefix: the position uses a frozen Aave reserve (no new supply or borrow; LTV 0 from v3.1), e.g. <c>frozen-reserve:LINK</c>.</summary>
    public const string FrozenReservePrefix = "frozen-reserve:";

    /// <summary>Prefix: the position uses a paused Aave reserve (nothing moves, not even liquidations).</summary>
    public const string PausedReservePrefix = "paused-reserve:";

    /// <summary>Prefix: a price used to decode the position has an issue (stale, invalid), e.g. <c>price-issue:ETH</c>.</summary>
    public const string PriceIssuePrefix = "price-issue:";
}
