using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>Aave v3 Pool <c>supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)</c>.</summary>
[Function("supply")]
public sealed class SupplyFunction : FunctionMessage
{
    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("address", "onBehalfOf", 3)]
    public string OnBehalfOf { get; set; } = "";

    [Parameter("uint16", "referralCode", 4)]
    public ushort ReferralCode { get; set; }
}

/// <summary>Aave v3 Pool <c>borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)</c>.</summary>
[Function("borrow")]
public sealed class BorrowFunction : FunctionMessage
{
    /// <summary>Aave's interestRateMode for variable debt (stable debt, 1, is gone since v3.2).</summary>
    public const int VariableRate = 2;

    [Parameter("address", "asset", 1)]
    public string Asset { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }

    [Parameter("uint256", "interestRateMode", 3)]
    public BigInteger InterestRateMode { get; set; } = VariableRate;

    [Parameter("uint16", "referralCode", 4)]
    public ushort ReferralCode { get; set; }

    [Parameter("address", "onBehalfOf", 5)]
    public string OnBehalfOf { get; set; } = "";
}
