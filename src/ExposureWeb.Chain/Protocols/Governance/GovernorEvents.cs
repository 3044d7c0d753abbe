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
