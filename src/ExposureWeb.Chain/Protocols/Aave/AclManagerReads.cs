using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>ACLManager <c>isPoolAdmin(address) returns (bool)</c>.</summary>
[Function("isPoolAdmin", typeof(BoolOutput))]
public sealed class IsPoolAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

/// <summary>ACLManager <c>isRiskAdmin(address) returns (bool)</c>.</summary>
[Function("isRiskAdmin", typeof(BoolOutput))]
public sealed class IsRiskAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

/// <summary>A view returning one bool.</summary>
[FunctionOutput]
public sealed class BoolOutput : IFunctionOutputDTO
{
    [Parameter("bool", "value", 1)] public bool Value { get; set; }
}
