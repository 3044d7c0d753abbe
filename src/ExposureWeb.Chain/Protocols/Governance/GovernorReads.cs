using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

// OpenZeppelin Governor (v5) views, with IGovernor's own signatures. Timepoints are on the Governor's clock: the
// token's CLOCK_MODE (block numbers by default, Unix seconds in "mode=timestamp").

/// <summary>IGovernor's <c>ProposalState</c> enum, in declaration order.</summary>
public enum ProposalState : byte
{
    Pending = 0,
    Active = 1,
    Canceled = 2,
    Defeated = 3,
    Succeeded = 4,
    Queued = 5,
    Expired = 6,
    Executed = 7,
}

/// <summary><c>state(uint256 proposalId) returns (ProposalState)</c>: reverts for an unknown proposal.</summary>
[Function("state", typeof(ProposalStateOutput))]
public sealed class ProposalStateFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary>Output of <see cref="ProposalStateFunction"/>.</summary>
[FunctionOutput]
public sealed class ProposalStateOutput : IFunctionOutputDTO
{
    [Parameter("uint8", "state", 1)] public byte Value { get; set; }

    public ProposalState State => (ProposalState)Value;
}

/// <summary><c>proposalSnapshot(uint256 proposalId) returns (uint256)</c>: the timepoint votes are counted at (voting starts after it).</summary>
[Function("proposalSnapshot", typeof(TimepointOutput))]
public sealed class ProposalSnapshotFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary><c>proposalDeadline(uint256 proposalId) returns (uint256)</c>: the last timepoint at which votes are accepted.</summary>
[Function("proposalDeadline", typeof(TimepointOutput))]
public sealed class ProposalDeadlineFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary><c>proposalEta(uint256 proposalId) returns (uint256)</c>: when a queued proposal may execute (Unix seconds with a timelock; 0 if not queued).</summary>
[Function("proposalEta", typeof(TimepointOutput))]
public sealed class ProposalEtaFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary>A timepoint or duration on the Governor's clock (block numbers, or seconds in timestamp mode).</summary>
[FunctionOutput]
public sealed class TimepointOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Value { get; set; }
}

/// <summary><c>votingDelay() returns (uint256)</c>: clock units between proposing and the snapshot (seconds in timestamp mode).</summary>
[Function("votingDelay", typeof(TimepointOutput))]
public sealed class VotingDelayFunction : FunctionMessage;

/// <summary><c>votingPeriod() returns (uint256)</c>: clock units between the snapshot and the deadline (seconds in timestamp mode).</summary>
[Function("votingPeriod", typeof(TimepointOutput))]
public sealed class VotingPeriodFunction : FunctionMessage;

/// <summary><c>proposalThreshold() returns (uint256)</c>: votes (token base units) a proposer needs.</summary>
[Function("proposalThreshold", typeof(VoteAmountOutput))]
public sealed class ProposalThresholdFunction : FunctionMessage;

/// <summary><c>quorum(uint256 timepoint) returns (uint256)</c>: votes (token base units) needed at that past timepoint.</summary>
[Function("quorum", typeof(VoteAmountOutput))]
public sealed class QuorumFunction : FunctionMessage
{
    [Parameter("uint256", "timepoint", 1)] public BigInteger Timepoint { get; set; }
}

/// <summary><c>quorumNumerator() returns (uint256)</c>: the quorum as a fraction of the total supply, over <c>quorumDenominator()</c> (100 by default).</summary>
[Function("quorumNumerator", typeof(VoteAmountOutput))]
public sealed class QuorumNumeratorFunction : FunctionMessage;

/// <summary>An amount of votes, in the voting token's base units.</summary>
[FunctionOutput]
public sealed class VoteAmountOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "", 1)] public BigInteger Value { get; set; }
}

/// <summary><c>hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)</c>: the proposal id.</summary>
[Function("hashProposal", typeof(ProposalIdOutput))]
public sealed class HashProposalFunction : FunctionMessage
{
    [Parameter("address[]", "targets", 1)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 2)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 3)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("bytes32", "descriptionHash", 4)] public byte[] DescriptionHash { get; set; } = new byte[32];
}

/// <summary>A proposal id (the hash of its calls and description).</summary>
[FunctionOutput]
public sealed class ProposalIdOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary>GovernorCountingSimple <c>proposalVotes(uint256 proposalId) returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)</c>.</summary>
[Function("proposalVotes", typeof(ProposalVotesOutput))]
public sealed class ProposalVotesFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
}

/// <summary>Votes cast so far, in the voting token's base units.</summary>
[FunctionOutput]
public sealed class ProposalVotesOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "againstVotes", 1)] public BigInteger Against { get; set; }
    [Parameter("uint256", "forVotes", 2)] public BigInteger For { get; set; }
    [Parameter("uint256", "abstainVotes", 3)] public BigInteger Abstain { get; set; }
}

/// <summary><c>hasVoted(uint256 proposalId, address account) returns (bool)</c>.</summary>
[Function("hasVoted", typeof(HasVotedOutput))]
public sealed class HasVotedFunction : FunctionMessage
{
    [Parameter("uint256", "proposalId", 1)] public BigInteger ProposalId { get; set; }
    [Parameter("address", "account", 2)] public string Account { get; set; } = "";
}

/// <summary>Output of <see cref="HasVotedFunction"/>.</summary>
[FunctionOutput]
public sealed class HasVotedOutput : IFunctionOutputDTO
{
    [Parameter("bool", "", 1)] public bool Voted { get; set; }
}

/// <summary>GovernorTimelockControl <c>timelock() returns (address)</c>: the TimelockController proposals run through.</summary>
[Function("timelock", typeof(GovernanceAddressOutput))]
public sealed class TimelockFunction : FunctionMessage;

/// <summary>GovernorVotes <c>token() returns (address)</c>: the IVotes token votes are counted from.</summary>
[Function("token", typeof(GovernanceAddressOutput))]
public sealed class GovernorTokenFunction : FunctionMessage;

/// <summary>An address returned by a governance view.</summary>
[FunctionOutput]
public sealed class GovernanceAddressOutput : IFunctionOutputDTO
{
    [Parameter("address", "", 1)] public string Value { get; set; } = "";
}
