using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Governance;

// OpenZeppelin Votes / ERC20Votes (IVotes, IERC6372) views: voting power is the balance delegated to an account;
// an undelegated balance does not vote.

/// <summary><c>getVotes(address account) returns (uint256)</c>: current votes delegated to the account (token base units).</summary>
[Function("getVotes", typeof(VoteAmountOutput))]
public sealed class GetVotesFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

/// <summary><c>getPastVotes(address account, uint256 timepoint) returns (uint256)</c>: votes at a past timepoint of the token's clock.</summary>
[Function("getPastVotes", typeof(VoteAmountOutput))]
public sealed class GetPastVotesFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
    [Parameter("uint256", "timepoint", 2)] public BigInteger Timepoint { get; set; }
}

/// <summary><c>delegates(address account) returns (address)</c>: whom the account's balance votes for (address(0) if none).</summary>
[Function("delegates", typeof(GovernanceAddressOutput))]
public sealed class DelegatesFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

/// <summary>EIP-6372 <c>clock() returns (uint48)</c>: the current timepoint (block number, or Unix seconds in timestamp mode).</summary>
[Function("clock", typeof(ClockOutput))]
public sealed class ClockFunction : FunctionMessage;

/// <summary>Output of <see cref="ClockFunction"/>.</summary>
[FunctionOutput]
public sealed class ClockOutput : IFunctionOutputDTO
{
    [Parameter("uint48", "", 1)] public ulong Value { get; set; }
}

/// <summary>EIP-6372 <c>CLOCK_MODE() returns (string)</c>: <c>mode=blocknumber&amp;from=default</c> or <c>mode=timestamp</c>.</summary>
[Function("CLOCK_MODE", typeof(ClockModeOutput))]
public sealed class ClockModeFunction : FunctionMessage;

/// <summary>Output of <see cref="ClockModeFunction"/>.</summary>
[FunctionOutput]
public sealed class ClockModeOutput : IFunctionOutputDTO
{
    [Parameter("string", "", 1)] public string Mode { get; set; } = "";
}
