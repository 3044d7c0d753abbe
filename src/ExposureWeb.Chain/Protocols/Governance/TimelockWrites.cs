using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

/// <summary>TimelockController <c>updateDelay(uint256 newDelay)</c> (seconds): only the timelock itself, i.e. through a proposal.</summary>
[Function("updateDelay")]
public sealed class UpdateDelayFunction : FunctionMessage
{
    [Parameter("uint256", "newDelay", 1)] public BigInteger NewDelay { get; set; }
}

/// <summary>AccessControl <c>grantRole(bytes32 role, address account)</c>: only the role's admin (DEFAULT_ADMIN_ROLE).</summary>
[Function("grantRole")]
public sealed class GrantRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

/// <summary>AccessControl <c>revokeRole(bytes32 role, address account)</c>: only the role's admin (DEFAULT_ADMIN_ROLE).</summary>
[Function("revokeRole")]
public sealed class RevokeRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

/// <summary>AccessControl <c>renounceRole(bytes32 role, address callerConfirmation)</c>: the caller gives up its own role (confirmation = caller).</summary>
[Function("renounceRole")]
public sealed class RenounceRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "callerConfirmation", 2)] public string CallerConfirmation { get; set; } = "";
}

/// <summary>TimelockController <c>cancel(bytes32 id)</c>: a CANCELLER_ROLE holder drops a pending operation.</summary>
[Function("cancel")]
public sealed class CancelOperationFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary>
/// TimelockController <c>schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)</c>:
/// a PROPOSER_ROLE holder queues one call, executable after <c>delay</c> seconds (at least the minimum delay).
/// </summary>
[Function("schedule")]
public sealed class ScheduleOperationFunction : FunctionMessage
{
    [Parameter("address", "target", 1)] public string Target { get; set; } = "";
    [Parameter("uint256", "value", 2)] public BigInteger Value { get; set; }
    [Parameter("bytes", "data", 3)] public byte[] Data { get; set; } = [];
    [Parameter("bytes32", "predecessor", 4)] public byte[] Predecessor { get; set; } = new byte[32];
    [Parameter("bytes32", "salt", 5)] public byte[] Salt { get; set; } = new byte[32];
    [Parameter("uint256", "delay", 6)] public BigInteger Delay { get; set; }
}
