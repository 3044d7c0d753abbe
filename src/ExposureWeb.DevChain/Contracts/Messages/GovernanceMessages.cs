using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>
/// Creation of DemoVotesToken (OpenZeppelin ERC20 + ERC20Permit + ERC20Votes, timestamp clock):
/// <c>constructor(string name_, string symbol_, address[] holders, uint256[] amounts)</c>, amounts in base units (18 decimals).
/// </summary>
public sealed class DemoVotesTokenDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoVotesToken").BytecodeHex)
{
    [Parameter("string", "name_", 1)]
    public string Name { get; set; } = "";

    [Parameter("string", "symbol_", 2)]
    public string Symbol { get; set; } = "";

    [Parameter("address[]", "holders", 3)]
    public List<string> Holders { get; set; } = [];

    [Parameter("uint256[]", "amounts", 4)]
    public List<BigInteger> Amounts { get; set; } = [];
}

/// <summary>
/// Creation of OpenZeppelin's TimelockController, unchanged:
/// <c>constructor(uint256 minDelay, address[] proposers, address[] executors, address admin)</c>; delay in seconds,
/// proposers also get CANCELLER_ROLE, address(0) as executor lets anyone execute, admin address(0) for none.
/// </summary>
public sealed class TimelockControllerDeployment() : ContractDeploymentMessage(ContractArtifact.Load("TimelockController").BytecodeHex)
{
    [Parameter("uint256", "minDelay", 1)]
    public BigInteger MinDelay { get; set; }

    [Parameter("address[]", "proposers", 2)]
    public List<string> Proposers { get; set; } = [];

    [Parameter("address[]", "executors", 3)]
    public List<string> Executors { get; set; } = [];

    [Parameter("address", "admin", 4)]
    public string Admin { get; set; } = "";
}

/// <summary>
/// Creation of DemoGovernor: <c>constructor(IVotes token_, TimelockController timelock_, uint48 votingDelay_,
/// uint32 votingPeriod_, uint256 proposalThreshold_, uint256 quorumPercent_)</c>; delay and period in seconds (the
/// token's timestamp clock), threshold in token base units, quorum in percent of the total supply.
/// </summary>
public sealed class DemoGovernorDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoGovernor").BytecodeHex)
{
    [Parameter("address", "token_", 1)]
    public string Token { get; set; } = "";

    [Parameter("address", "timelock_", 2)]
    public string Timelock { get; set; } = "";

    [Parameter("uint48", "votingDelay_", 3)]
    public ulong VotingDelay { get; set; }

    [Parameter("uint32", "votingPeriod_", 4)]
    public uint VotingPeriod { get; set; }

    [Parameter("uint256", "proposalThreshold_", 5)]
    public BigInteger ProposalThreshold { get; set; }

    [Parameter("uint256", "quorumPercent_", 6)]
    public BigInteger QuorumPercent { get; set; }
}
