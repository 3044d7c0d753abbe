using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

// OpenZeppelin Governor (v5) transactions. A proposal is identified by its calls and the keccak256 of its description:
// queue and execute take the same targets, values and calldatas as propose, and the description's hash.

/// <summary>GovernorCountingSimple's vote types for <see cref="CastVoteFunction.Support"/>.</summary>
public enum VoteType : byte
{
    Against = 0,
    For = 1,
    Abstain = 2,
}

/// <summary><c>propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256 proposalId)</c>; values in wei.</summary>
[Function("propose", "uint256")]
public sealed class ProposeFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("string", "description", 4)] public string Description { get; set; } = "";
}

/// <summary><c>castVote(uint256 proposalId, uint8 support) returns (uint256 weight)</c>: support 0 against, 1 for, 2 abstain (<see cref="VoteType"/>).</summary>
[Function("castVote", "uint256")]
public sealed class CastVoteFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
    [Parameter("uint8", "support", 2)] public byte Support { get; set; }
}

/// <summary><c>castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns (uint256 weight)</c>.</summary>
[Function("castVoteWithReason", "uint256")]
public sealed class CastVoteWithReasonFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
    [Parameter("uint8", "support", 2)] public byte Support { get; set; }
    [Parameter("string", "reason", 3)] public string Reason { get; set; } = "";
}

/// <summary><c>queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256 proposalId)</c>: schedules a succeeded proposal in the timelock.</summary>
[Function("queue", "uint256")]
public sealed class QueueProposalFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = new byte[32];
}

/// <summary><c>execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256 proposalId)</c>: runs a queued proposal once its timelock delay has passed.</summary>
[Function("execute", "uint256")]
public sealed class ExecuteProposalFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = new byte[32];
}

/// <summary><c>cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256 proposalId)</c>: the proposer, while Pending.</summary>
[Function("cancel", "uint256")]
public sealed class CancelProposalFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = new byte[32];
}
