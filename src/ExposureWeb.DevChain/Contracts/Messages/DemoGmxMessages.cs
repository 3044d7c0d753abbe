using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>Creation of DemoGmxDataStore (no constructor arguments; a marker the reader is asked about).</summary>
public sealed class DemoGmxDataStoreDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoGmxDataStore").BytecodeHex);

/// <summary>Creation of DemoGmxReader: <c>constructor(address dataStore_)</c>.</summary>
public sealed class DemoGmxReaderDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoGmxReader").BytecodeHex)
{
    [Parameter("address", "dataStore_", 1)]
    public string DataStore { get; set; } = "";
}

/// <summary>DemoGmxReader <c>setMarket(MarketProps market)</c> (dev chain only: GMX creates markets through its factory).</summary>
[Function("setMarket")]
public sealed class SetMarketFunction : FunctionMessage
{
    [Parameter("tuple", "market", 1)]
    public GmxMarketSeed Market { get; set; } = new();
}

/// <summary>GMX v2 <c>Market.Props</c>.</summary>
public sealed class GmxMarketSeed
{
    [Parameter("address", "marketToken", 1)] public string MarketToken { get; set; } = "";
    [Parameter("address", "indexToken", 2)] public string IndexToken { get; set; } = "";
    [Parameter("address", "longToken", 3)] public string LongToken { get; set; } = "";
    [Parameter("address", "shortToken", 4)] public string ShortToken { get; set; } = "";
}

/// <summary>DemoGmxReader <c>setPosition(PositionProps position) returns (bytes32 key)</c> (dev chain only).</summary>
[Function("setPosition", "bytes32")]
public sealed class SetPositionFunction : FunctionMessage
{
    [Parameter("tuple", "position", 1)]
    public GmxPositionSeed Position { get; set; } = new();
}

/// <summary>GMX v2 <c>Position.Props</c>: addresses, numbers, flags.</summary>
public sealed class GmxPositionSeed
{
    [Parameter("tuple", "addresses", 1)] public GmxPositionAddresses Addresses { get; set; } = new();
    [Parameter("tuple", "numbers", 2)] public GmxPositionNumbers Numbers { get; set; } = new();
    [Parameter("tuple", "flags", 3)] public GmxPositionFlags Flags { get; set; } = new();
}

public sealed class GmxPositionAddresses
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("address", "market", 2)] public string Market { get; set; } = "";
    [Parameter("address", "collateralToken", 3)] public string CollateralToken { get; set; } = "";
}

public sealed class GmxPositionNumbers
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

public sealed class GmxPositionFlags
{
    [Parameter("bool", "isLong", 1)] public bool IsLong { get; set; }
}
