using ExposureWeb.Chain.Abi;

namespace ExposureWeb.Chain.Adapters.Gmx;

/// <summary>The GMX v2 (synthetics) Reader functions the adapter reads, in the v2.2 <c>Position.Props</c> layout.</summary>
/// <remarks>
/// v2.1 Readers answer getAccountPositions with the same selector and a different numbers tuple (no
/// pendingImpactAmount, block numbers beside the times), so these signatures only fit v2.2 deployments; a v2.1 answer
/// fails to decode or decodes shifted. The chain profile does not record the Reader's version.
/// </remarks>
public static class GmxV2
{
    /// <summary>GMX keeps USD amounts (sizeInUsd) with 30 decimals.</summary>
    public const int UsdDecimals = 30;

    /// <summary><c>getAccountPositions(dataStore, account, start, end)</c> → Position.Props[] = ((addresses), (numbers), (flags))[].</summary>
    public static readonly AbiFunction GetAccountPositions = AbiFunction.Parse(
        "getAccountPositions(address,address,uint256,uint256) returns " +
        "(((address,address,address),(uint256,uint256,uint256,int256,uint256,uint256,uint256,uint256,uint256,uint256),(bool))[])");

    /// <summary><c>getMarket(dataStore, marketToken)</c> → Market.Props (marketToken, indexToken, longToken, shortToken); zeros for an unknown market.</summary>
    public static readonly AbiFunction GetMarket = AbiFunction.Parse("getMarket(address,address) returns ((address,address,address,address))");

    /// <summary>Position.Props.addresses field names.</summary>
    public static readonly IReadOnlyList<string> AddressFields = ["account", "market", "collateralToken"];

    /// <summary>Position.Props.numbers field names (v2.2).</summary>
    public static readonly IReadOnlyList<string> NumberFields =
    [
        "sizeInUsd", "sizeInTokens", "collateralAmount", "pendingImpactAmount", "borrowingFactor", "fundingFeeAmountPerSize",
        "longTokenClaimableFundingAmountPerSize", "shortTokenClaimableFundingAmountPerSize", "increasedAtTime", "decreasedAtTime",
    ];

    /// <summary>Market.Props field names.</summary>
    public static readonly IReadOnlyList<string> MarketFields = ["marketToken", "indexToken", "longToken", "shortToken"];

    /// <summary>How many positions one getAccountPositions call asks for (the <c>end</c> argument with start 0).</summary>
    public const int MaxPositionsPerAccount = 1000;
}
