using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.GmxV2;

// GMX v2 (synthetics) Reader views in the v2.2 Position.Props layout. v2.1 Readers answer getAccountPositions with
// the same selector and a different numbers tuple (no pendingImpactAmount, block numbers beside the times), so these
// messages only fit v2.2 deployments; a v2.1 answer fails to decode or decodes shifted. The chain profile does not
// record the Reader's version.

/// <summary><c>getAccountPositions(DataStore dataStore, address account, uint256 start, uint256 end) returns (Position.Props[])</c>.</summary>
[Function("getAccountPositions", typeof(AccountPositionsOutput))]
public sealed class GetAccountPositionsFunction : FunctionMessage
{
    [Parameter("address", "dataStore", 1)] public string DataStore { get; set; } = "";
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
    [Parameter("uint256", "start", 3)] public BigInteger Start { get; set; }
    [Parameter("uint256", "end", 4)] public BigInteger End { get; set; }
}

/// <summary>Output of <see cref="GetAccountPositionsFunction"/>.</summary>
[FunctionOutput]
public sealed class AccountPositionsOutput : IFunctionOutputDTO
{
    [Parameter("tuple[]", "positions", 1)] public List<PositionProps> Positions { get; set; } = [];
}

/// <summary><c>Position.Props</c>.</summary>
public sealed class PositionProps
{
    [Parameter("tuple", "addresses", 1)] public PositionAddresses Addresses { get; set; } = new();
    [Parameter("tuple", "numbers", 2)] public PositionNumbers Numbers { get; set; } = new();
    [Parameter("tuple", "flags", 3)] public PositionFlags Flags { get; set; } = new();
}

/// <summary><c>Position.Addresses</c>.</summary>
public sealed class PositionAddresses
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("address", "market", 2)] public string Market { get; set; } = "";
    [Parameter("address", "collateralToken", 3)] public string CollateralToken { get; set; } = "";
}

/// <summary><c>Position.Numbers</c> (v2.2): USD amounts with 30 decimals, token amounts in token units, times in Unix seconds.</summary>
public sealed class PositionNumbers
{
    [Parameter("uint256", "sizeInUsd", 1)] public BigInteger SizeInUsd { get; set; }
    [Parameter("uint256", "sizeInTokens", 2)] public BigInteger SizeInTokens { get; set; }
    [Parameter("uint256", "collateralAmount", 3)] public BigInteger CollateralAmount { get; set; }
    [Parameter("int256", "pendingImpactAmount", 4)] public BigInteger PendingImpactAmount { get; set; }
    [Parameter("uint256", "borrowingFactor", 5)] public BigInteger BorrowingFactor { get; set; }
    [Parameter("uint256", "fundingFeeAmountPerSize", 6)] public BigInteger FundingFeeAmountPerSize { get; set; }
    [Parameter("uint256", "longTokenClaimableFundingAmountPerSize", 7)] public BigInteger LongTokenClaimableFundingAmountPerSize { get; set; }
    [Parameter("uint256", "shortTokenClaimableFundingAmountPerSize", 8)] public BigInteger ShortTokenClaimableFundingAmountPerSize { get; set; }
    [Parameter("uint256", "increasedAtTime", 9)] public BigInteger IncreasedAtTime { get; set; }
    [Parameter("uint256", "decreasedAtTime", 10)] public BigInteger DecreasedAtTime { get; set; }
}

/// <summary><c>Position.Flags</c>.</summary>
public sealed class PositionFlags
{
    [Parameter("bool", "isLong", 1)] public bool IsLong { get; set; }
}

/// <summary><c>getMarket(DataStore dataStore, address key) returns (Market.Props)</c>: zeros for an unknown market.</summary>
[Function("getMarket", typeof(MarketOutput))]
public sealed class GetMarketFunction : FunctionMessage
{
    [Parameter("address", "dataStore", 1)] public string DataStore { get; set; } = "";
    [Parameter("address", "key", 2)] public string Key { get; set; } = "";
}

/// <summary>Output of <see cref="GetMarketFunction"/>.</summary>
[FunctionOutput]
public sealed class MarketOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "market", 1)] public MarketProps Market { get; set; } = new();
}

/// <summary><c>Market.Props</c>.</summary>
public sealed class MarketProps
{
    [Parameter("address", "marketToken", 1)] public string MarketToken { get; set; } = "";
    [Parameter("address", "indexToken", 2)] public string IndexToken { get; set; } = "";
    [Parameter("address", "longToken", 3)] public string LongToken { get; set; } = "";
    [Parameter("address", "shortToken", 4)] public string ShortToken { get; set; } = "";
}

/// <summary>GMX constants the adapter needs.</summary>
public static class GmxConstants
{
    /// <summary>GMX keeps USD amounts (sizeInUsd) with 30 decimals.</summary>
    public const int UsdDecimals = 30;

    /// <summary>How many positions one getAccountPositions call asks for (the <c>end</c> argument with start 0).</summary>
    public const int MaxPositionsPerAccount = 1000;
}
