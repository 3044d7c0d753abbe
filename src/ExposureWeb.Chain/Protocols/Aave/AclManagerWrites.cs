using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Aave;

// Aave v3 ACLManager role changes (the ACL admin only). Pool admins may do everything the PoolConfigurator offers;
// risk admins change risk parameters (collateral, caps, freezing, eMode).

/// <summary><c>addPoolAdmin(address)</c>.</summary>
[Function("addPoolAdmin")]
public sealed class AddPoolAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

/// <summary><c>removePoolAdmin(address)</c>.</summary>
[Function("removePoolAdmin")]
public sealed class RemovePoolAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

/// <summary><c>addRiskAdmin(address)</c>.</summary>
[Function("addRiskAdmin")]
public sealed class AddRiskAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}

/// <summary><c>removeRiskAdmin(address)</c>.</summary>
[Function("removeRiskAdmin")]
public sealed class RemoveRiskAdminFunction : FunctionMessage
{
    [Parameter("address", "admin", 1)] public string Admin { get; set; } = "";
}
