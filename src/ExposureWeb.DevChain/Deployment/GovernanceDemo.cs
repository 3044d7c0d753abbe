using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// On-chain governance for the dev chain, OpenZeppelin's: an ERC20Votes token (DemoVotesToken, timestamp clock), a
/// Governor (DemoGovernor) and OpenZeppelin's TimelockController, unchanged, through which every passed proposal runs.
/// The timings are a demo's (minutes, not days), and helpers drive a proposal through its lifecycle by moving anvil's
/// clock (<c>evm_increaseTime</c> + <c>evm_mine</c>).
/// </summary>
internal static class GovernanceDemo
{
    /// <summary>Seconds between a proposal and its vote snapshot (voting opens after it).</summary>
    public const ulong VotingDelaySeconds = 60;

    /// <summary>Seconds votes are accepted after the snapshot.</summary>
    public const uint VotingPeriodSeconds = 300;

    /// <summary>Votes needed for a proposal to pass, in percent of the total supply at its snapshot (OpenZeppelin's default 4%).</summary>
    public const int QuorumPercent = 4;

    /// <summary>Anyone may propose (votes needed to propose, in token base units).</summary>
    public static readonly BigInteger ProposalThreshold = BigInteger.Zero;

    /// <summary>Seconds a passed proposal waits in the timelock before it may execute.</summary>
    public const ulong TimelockDelaySeconds = 120;

    public const string TokenName = "Demo Governance";

    public const string TokenSymbol = "DGOV";

    public const int TokenDecimals = 18;

    /// <summary>
    /// The whole supply (1 000 000 DGOV), minted at creation; every holder delegates to itself so its balance votes.
    /// No holder reaches quorum alone except the deployer; the trader and the treasury together do.
    /// </summary>
    public static readonly IReadOnlyList<(string Holder, decimal Amount)> Holders =
    [
        (DemoMarket.Deployer, 600_000m),
        (DemoMarket.Trader, 250_000m),
        (DemoMarket.Treasury, 150_000m),
    ];

    /// <summary>
    /// Deploys the token (supply to <see cref="Holders"/>, each self-delegated), the timelock (the deployer is its
    /// admin only during setup) and the governor; makes the governor the timelock's only proposer and canceller,
    /// lets anyone execute, and renounces the deployer's admin role so the timelock administers itself.
    /// </summary>
    public static async Task<GovernanceDeployment> DeployAsync(DemoTransactions tx)
    {
        var token = await tx.DeployAsync(new DemoVotesTokenDeployment
        {
            Name = TokenName, Symbol = TokenSymbol,
            Holders = [.. Holders.Select(h => h.Holder)],
            Amounts = [.. Holders.Select(h => DemoDeployer.ToFixed(h.Amount, TokenDecimals))],
        });
        foreach (var (holder, _) in Holders)
            await tx.SendFromAsync(holder, token, new DelegateFunction { Delegatee = holder });

        // The governor needs the timelock's address and the timelock the governor's role: the deployer grants it
        // between the two deployments and then gives up its admin role.
        var timelock = await tx.DeployAsync(new TimelockControllerDeployment
        {
            MinDelay = TimelockDelaySeconds, Proposers = [], Executors = [Address.Zero.ToString()], Admin = tx.Deployer,
        });
        var governor = await tx.DeployAsync(new DemoGovernorDeployment
        {
            Token = token.ToString(), Timelock = timelock.ToString(), VotingDelay = VotingDelaySeconds, VotingPeriod = VotingPeriodSeconds,
            ProposalThreshold = ProposalThreshold, QuorumPercent = QuorumPercent,
        });
        await tx.SendAsync(timelock, new GrantRoleFunction { Role = TimelockRoles.Proposer, Account = governor.ToString() });
        await tx.SendAsync(timelock, new GrantRoleFunction { Role = TimelockRoles.Canceller, Account = governor.ToString() });
        await tx.SendAsync(timelock, new RenounceRoleFunction { Role = TimelockRoles.DefaultAdmin, CallerConfirmation = tx.Deployer });

        return new GovernanceDeployment(governor, timelock, token);
    }

    /// <summary>
    /// Runs a proposal through its whole lifecycle: <see cref="ProposeAndQueueAsync"/>, then past the timelock's
    /// delay, <see cref="ExecuteAsync"/>.
    /// </summary>
    public static async Task<ProposalReceipts> PassAsync(DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal)
    {
        var queued = await ProposeAndQueueAsync(tx, governance, proposal);
        var executed = await ExecuteAsync(tx, governance, proposal);
        return queued with { Executed = executed };
    }

    /// <summary>
    /// Proposes from the deployer, moves the clock past the voting delay, votes for it from every holder of
    /// <see cref="Holders"/>, moves past the voting period and queues it: it is then pending in the timelock.
    /// </summary>
    public static async Task<ProposalReceipts> ProposeAndQueueAsync(DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal)
    {
        var (id, proposed) = await ProposeAsync(tx, governance, proposal);
        await AdvancePastAsync(tx, await SnapshotAsync(tx, governance, id));
        var votes = new List<TransactionReceipt>();
        foreach (var (holder, _) in Holders)
            votes.Add(await VoteAsync(tx, governance, id, holder, VoteType.For));
        await AdvancePastAsync(tx, await DeadlineAsync(tx, governance, id));
        var queued = await QueueAsync(tx, governance, proposal);
        return new ProposalReceipts(id, proposed, votes, queued, null);
    }

    /// <summary>Submits the proposal from <paramref name="proposer"/> (the deployer by default); returns its id and the receipt.</summary>
    public static async Task<(BigInteger Id, TransactionReceipt Receipt)> ProposeAsync(
        DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal, string? proposer = null)
    {
        var receipt = await tx.SendFromAsync(proposer ?? tx.Deployer, governance.Governor, new ProposeFunction
        {
            Targets = proposal.TargetList, Values = proposal.ValueList, Calldatas = proposal.CalldataList, Description = proposal.Description,
        });
        return (await ProposalIdAsync(tx, governance, proposal), receipt);
    }

    /// <summary>Casts <paramref name="voter"/>'s vote (an unlocked dev account) on an active proposal.</summary>
    public static Task<TransactionReceipt> VoteAsync(DemoTransactions tx, GovernanceDeployment governance, BigInteger proposalId, string voter, VoteType support) =>
        tx.SendFromAsync(voter, governance.Governor, new CastVoteFunction { ProposalId = proposalId, Support = (byte)support });

    /// <summary>Queues a succeeded proposal in the timelock (anyone may; sent from the deployer).</summary>
    public static Task<TransactionReceipt> QueueAsync(DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal) =>
        tx.SendAsync(governance.Governor, new QueueProposalFunction
        {
            Targets = proposal.TargetList, Values = proposal.ValueList, Calldatas = proposal.CalldataList, DescriptionHash = proposal.DescriptionHash,
        });

    /// <summary>
    /// Moves the clock past the queued proposal's eta and executes it through the governor (anyone may; sent from the
    /// deployer with the proposal's total value in wei).
    /// </summary>
    public static async Task<TransactionReceipt> ExecuteAsync(DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal)
    {
        var id = await ProposalIdAsync(tx, governance, proposal);
        var eta = (await tx.QueryOutputAsync<ProposalEtaFunction, TimepointOutput>(governance.Governor, new ProposalEtaFunction { ProposalId = id })).Value;
        await AdvancePastAsync(tx, eta - 1);
        var total = proposal.Values.Aggregate(BigInteger.Zero, (a, v) => a + v);
        return await tx.SendAsync(governance.Governor, new ExecuteProposalFunction
        {
            Targets = proposal.TargetList, Values = proposal.ValueList, Calldatas = proposal.CalldataList, DescriptionHash = proposal.DescriptionHash,
            AmountToSend = total,
        });
    }

    /// <summary>The proposal's id, from the governor's <c>hashProposal</c>.</summary>
    public static async Task<BigInteger> ProposalIdAsync(DemoTransactions tx, GovernanceDeployment governance, GovernanceProposal proposal) =>
        (await tx.QueryOutputAsync<HashProposalFunction, ProposalIdOutput>(governance.Governor, new HashProposalFunction
        {
            Targets = proposal.TargetList, Values = proposal.ValueList, Calldatas = proposal.CalldataList, DescriptionHash = proposal.DescriptionHash,
        })).ProposalId;

    public static async Task<ProposalState> StateAsync(DemoTransactions tx, GovernanceDeployment governance, BigInteger proposalId) =>
        (await tx.QueryOutputAsync<ProposalStateFunction, ProposalStateOutput>(governance.Governor, new ProposalStateFunction { ProposalId = proposalId })).State;

    /// <summary>The proposal's snapshot (Unix seconds): voting opens once the chain's clock is past it.</summary>
    public static async Task<BigInteger> SnapshotAsync(DemoTransactions tx, GovernanceDeployment governance, BigInteger proposalId) =>
        (await tx.QueryOutputAsync<ProposalSnapshotFunction, TimepointOutput>(governance.Governor, new ProposalSnapshotFunction { ProposalId = proposalId })).Value;

    /// <summary>The proposal's deadline (Unix seconds): the outcome is settled once the chain's clock is past it.</summary>
    public static async Task<BigInteger> DeadlineAsync(DemoTransactions tx, GovernanceDeployment governance, BigInteger proposalId) =>
        (await tx.QueryOutputAsync<ProposalDeadlineFunction, TimepointOutput>(governance.Governor, new ProposalDeadlineFunction { ProposalId = proposalId })).Value;

    /// <summary>
    /// Mines a block whose timestamp is after <paramref name="timepoint"/> (Unix seconds), moving anvil's clock
    /// forward as far as needed (<c>evm_increaseTime</c> then <c>evm_mine</c>); nothing if the chain is already past it.
    /// </summary>
    public static async Task AdvancePastAsync(DemoTransactions tx, BigInteger timepoint)
    {
        var now = (await tx.ChainTimeAsync()).ToUnixTimeSeconds();
        if (now > timepoint) return;
        await tx.Web3.Client.SendRequestAsync<object>("evm_increaseTime", null, new HexBigInteger(timepoint - now + 1));
        await tx.Web3.Client.SendRequestAsync<object>("evm_mine", null);
    }
}

/// <summary>The governance contracts on the dev chain.</summary>
public sealed record GovernanceDeployment(Address Governor, Address Timelock, Address Token)
{
    public GovernanceProfile ToProfile() => new() { Governor = Governor.ToString(), Timelock = Timelock.ToString(), Token = Token.ToString() };
}

/// <summary>
/// A proposal's calls (run by the timelock, in order, with <see cref="Values"/> in wei) and its description; the
/// governor identifies it by the calls and the description's keccak256.
/// </summary>
public sealed record GovernanceProposal(IReadOnlyList<Address> Targets, IReadOnlyList<BigInteger> Values, IReadOnlyList<byte[]> Calldatas, string Description)
{
    /// <summary>A proposal of one call without value.</summary>
    public static GovernanceProposal Single(Address target, byte[] calldata, string description) => new([target], [BigInteger.Zero], [calldata], description);

    public byte[] DescriptionHash => Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(Description));

    internal List<string> TargetList => [.. Targets.Select(t => t.ToString())];

    internal List<BigInteger> ValueList => [.. Values];

    internal List<byte[]> CalldataList => [.. Calldatas];
}

/// <summary>The transactions of a proposal's lifecycle so far (<see cref="Executed"/> null while it is queued).</summary>
public sealed record ProposalReceipts(
    BigInteger ProposalId,
    TransactionReceipt Proposed,
    IReadOnlyList<TransactionReceipt> Votes,
    TransactionReceipt Queued,
    TransactionReceipt? Executed);
