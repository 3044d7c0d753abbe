using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

// OpenZeppelin TimelockController (v5) views. An operation is identified by hashOperation(Batch)'s bytes32; a
// Governor with GovernorTimelockControl schedules each proposal as one batch whose salt is derived from the Governor.

/// <summary><c>getMinDelay() returns (uint256)</c>: seconds an operation must wait between scheduling and execution.</summary>
[Function("getMinDelay", typeof(MinDelayOutput))]
public sealed class GetMinDelayFunction : FunctionMessage;

/// <summary>Output of <see cref="GetMinDelayFunction"/>, in seconds.</summary>
[FunctionOutput]
public sealed class MinDelayOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Seconds { get; set; }
}

/// <summary>AccessControl <c>hasRole(bytes32 role, address account) returns (bool)</c>; for TimelockController's EXECUTOR_ROLE address(0) holding it means anyone may execute.</summary>
[Function("hasRole", typeof(HasRoleOutput))]
public sealed class HasRoleFunction : FunctionMessage
{
    [Parameter("bytes32", "role", 1)] public byte[] Role { get; set; } = new byte[32];
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

/// <summary>Output of <see cref="HasRoleFunction"/>.</summary>
[FunctionOutput]
public sealed class HasRoleOutput : IFunctionOutputDTO
{
    [Parameter("bool", "", 1)] public bool Has { get; set; }
}

/// <summary><c>PROPOSER_ROLE() returns (bytes32)</c>: keccak256("PROPOSER_ROLE"), may schedule operations.</summary>
[Function("PROPOSER_ROLE", typeof(RoleOutput))]
public sealed class ProposerRoleFunction : FunctionMessage;

/// <summary><c>EXECUTOR_ROLE() returns (bytes32)</c>: keccak256("EXECUTOR_ROLE"), may execute ready operations.</summary>
[Function("EXECUTOR_ROLE", typeof(RoleOutput))]
public sealed class ExecutorRoleFunction : FunctionMessage;

/// <summary><c>CANCELLER_ROLE() returns (bytes32)</c>: keccak256("CANCELLER_ROLE"), may cancel pending operations.</summary>
[Function("CANCELLER_ROLE", typeof(RoleOutput))]
public sealed class CancellerRoleFunction : FunctionMessage;

/// <summary><c>DEFAULT_ADMIN_ROLE() returns (bytes32)</c>: 0x00…00, grants and revokes every role (the timelock itself holds it).</summary>
[Function("DEFAULT_ADMIN_ROLE", typeof(RoleOutput))]
public sealed class DefaultAdminRoleFunction : FunctionMessage;

/// <summary>An AccessControl role id.</summary>
[FunctionOutput]
public sealed class RoleOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "", 1)] public byte[] Role { get; set; } = new byte[32];
}

/// <summary><c>isOperationPending(bytes32 id) returns (bool)</c>: scheduled and neither executed nor cancelled (waiting or ready).</summary>
[Function("isOperationPending", typeof(OperationFlagOutput))]
public sealed class IsOperationPendingFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary><c>isOperationReady(bytes32 id) returns (bool)</c>: pending and its delay has passed.</summary>
[Function("isOperationReady", typeof(OperationFlagOutput))]
public sealed class IsOperationReadyFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary><c>isOperationDone(bytes32 id) returns (bool)</c>: executed.</summary>
[Function("isOperationDone", typeof(OperationFlagOutput))]
public sealed class IsOperationDoneFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary>Output of the <c>isOperation…</c> views.</summary>
[FunctionOutput]
public sealed class OperationFlagOutput : IFunctionOutputDTO
{
    [Parameter("bool", "", 1)] public bool Value { get; set; }
}

/// <summary><c>getTimestamp(bytes32 id) returns (uint256)</c>: Unix seconds from which the operation may execute (0 unset, 1 done).</summary>
[Function("getTimestamp", typeof(OperationTimestampOutput))]
public sealed class GetOperationTimestampFunction : FunctionMessage
{
    [Parameter("bytes32", "id", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary>Output of <see cref="GetOperationTimestampFunction"/>, in Unix seconds.</summary>
[FunctionOutput]
public sealed class OperationTimestampOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Timestamp { get; set; }
}

/// <summary><c>hashOperationBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) returns (bytes32)</c>: the operation id.</summary>
[Function("hashOperationBatch", typeof(OperationIdOutput))]
public sealed class HashOperationBatchFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "payloads", 3)] public List<byte[]> Payloads { get; set; } = [];
    [Parameter("bytes32", "predecessor", 4)] public byte[] Predecessor { get; set; } = new byte[32];
    [Parameter("bytes32", "salt", 5)] public byte[] Salt { get; set; } = new byte[32];
}

/// <summary>A timelock operation id.</summary>
[FunctionOutput]
public sealed class OperationIdOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "", 1)] public byte[] Id { get; set; } = new byte[32];
}

/// <summary>TimelockController <c>CallScheduled</c>: one per call of a scheduled batch; delay in seconds.</summary>
[Event("CallScheduled")]
public sealed class CallScheduledEventDto : IEventDTO
{
    [Parameter("bytes32", "id", 1, true)] public byte[] Id { get; set; } = new byte[32];
    [Parameter("uint256", "index", 2, true)] public BigInteger Index { get; set; }
    [Parameter("address", "target", 3, false)] public string Target { get; set; } = "";
    [Parameter("uint256", "value", 4, false)] public BigInteger Value { get; set; }
    [Parameter("bytes", "data", 5, false)] public byte[] Data { get; set; } = [];
    [Parameter("bytes32", "predecessor", 6, false)] public byte[] Predecessor { get; set; } = new byte[32];
    [Parameter("uint256", "delay", 7, false)] public BigInteger Delay { get; set; }
}

/// <summary>TimelockController <c>CallExecuted</c>: one per call of an executed batch.</summary>
[Event("CallExecuted")]
public sealed class CallExecutedEventDto : IEventDTO
{
    [Parameter("bytes32", "id", 1, true)] public byte[] Id { get; set; } = new byte[32];
    [Parameter("uint256", "index", 2, true)] public BigInteger Index { get; set; }
    [Parameter("address", "target", 3, false)] public string Target { get; set; } = "";
    [Parameter("uint256", "value", 4, false)] public BigInteger Value { get; set; }
    [Parameter("bytes", "data", 5, false)] public byte[] Data { get; set; } = [];
}

/// <summary>TimelockController <c>MinDelayChange</c>: durations in seconds.</summary>
[Event("MinDelayChange")]
public sealed class MinDelayChangeEventDto : IEventDTO
{
    [Parameter("uint256", "oldDuration", 1, false)] public BigInteger OldDuration { get; set; }
    [Parameter("uint256", "newDuration", 2, false)] public BigInteger NewDuration { get; set; }
}

/// <summary>TimelockController's role ids (the values of its <c>…_ROLE()</c> views): keccak256 of the role's name, 0x00…00 for the admin role.</summary>
public static class TimelockRoles
{
    public static byte[] DefaultAdmin => new byte[32];

    public static byte[] Proposer => Nethereum.Util.Sha3Keccack.Current.CalculateHash("PROPOSER_ROLE"u8.ToArray());

    public static byte[] Executor => Nethereum.Util.Sha3Keccack.Current.CalculateHash("EXECUTOR_ROLE"u8.ToArray());

    public static byte[] Canceller => Nethereum.Util.Sha3Keccack.Current.CalculateHash("CANCELLER_ROLE"u8.ToArray());
}

/// <summary>TimelockController <c>Cancelled(bytes32 indexed id)</c>: a pending operation was dropped.</summary>
[Event("Cancelled")]
public sealed class CancelledEventDto : IEventDTO
{
    [Parameter("bytes32", "id", 1, true)] public byte[] Id { get; set; } = new byte[32];
}
