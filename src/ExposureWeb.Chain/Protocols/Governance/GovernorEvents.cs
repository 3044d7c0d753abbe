using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Protocols.Governance;

/// <summary>
/// OpenZeppelin Governor <c>ProposalCreated</c>: the proposal's calls (targets, values, signatures, calldatas) and its
/// voting window (vote start and end as the Governor's clock: block numbers or timestamps).
/// </summary>
[Event("ProposalCreated")]
public sealed class ProposalCreatedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, false)] public BigInteger ProposalId { get; set; }
    [Parameter("address", "proposer", 2, false)] public string Proposer { get; set; } = "";
    [Parameter("address[]", "targets", 3, false)] public List<string> Targets { get; set; } = [];
    [Parameter("uint256[]", "values", 4, false)] public List<BigInteger> Values { get; set; } = [];
    [Parameter("string[]", "signatures", 5, false)] public List<string> Signatures { get; set; } = [];
    [Parameter("bytes[]", "calldatas", 6, false)] public List<byte[]> Calldatas { get; set; } = [];
    [Parameter("uint256", "voteStart", 7, false)] public BigInteger VoteStart { get; set; }
    [Parameter("uint256", "voteEnd", 8, false)] public BigInteger VoteEnd { get; set; }
    [Parameter("string", "description", 9, false)] public string Description { get; set; } = "";
}

/// <summary>OpenZeppelin Governor <c>VoteCast</c>: support 0 against, 1 for, 2 abstain; weight in the voting token's base units.</summary>
[Event("VoteCast")]
public sealed class VoteCastEventDto : IEventDTO
{
    [Parameter("address", "voter", 1, true)] public string Voter { get; set; } = "";
    [Parameter("uint256", "proposalId", 2, false)] public BigInteger ProposalId { get; set; }
    [Parameter("uint8", "support", 3, false)] public byte Support { get; set; }
    [Parameter("uint256", "weight", 4, false)] public BigInteger Weight { get; set; }
    [Parameter("string", "reason", 5, false)] public string Reason { get; set; } = "";
}

/// <summary>OpenZeppelin Governor <c>ProposalQueued</c>: the proposal may execute from <c>etaSeconds</c> (Unix seconds).</summary>
[Event("ProposalQueued")]
public sealed class ProposalQueuedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, false)] public BigInteger ProposalId { get; set; }
    [Parameter("uint256", "etaSeconds", 2, false)] public BigInteger EtaSeconds { get; set; }
}

/// <summary>OpenZeppelin Governor <c>ProposalExecuted</c>.</summary>
[Event("ProposalExecuted")]
public sealed class ProposalExecutedEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, false)] public BigInteger ProposalId { get; set; }
}

/// <summary>OpenZeppelin Governor <c>ProposalCanceled</c>.</summary>
[Event("ProposalCanceled")]
public sealed class ProposalCanceledEventDto : IEventDTO
{
    [Parameter("uint256", "proposalId", 1, false)] public BigInteger ProposalId { get; set; }
}
