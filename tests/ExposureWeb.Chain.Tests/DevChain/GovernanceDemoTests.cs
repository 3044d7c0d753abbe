using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>
/// The dev chain's OpenZeppelin governance (<see cref="GovernanceDemo"/>), deployed by each test on the demo chain:
/// its settings and roles, a proposal run through the Governor and the TimelockController, and the access control
/// that makes the timelock the only way. Each test starts from the freshly deployed demo (snapshot/revert).
/// </summary>
public sealed class GovernanceDemoTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private static readonly BigInteger Dgov = BigInteger.Pow(10, 18);

    private DemoTransactions Tx() => new(Chain.Web3, CancellationToken.None);

    private async Task<(DemoTransactions Tx, GovernanceDeployment Gov)> DeployAsync()
    {
        var tx = Tx();
        return (tx, await GovernanceDemo.DeployAsync(tx));
    }

    private Task<TOutput> ReadAsync<TFunction, TOutput>(Address to, TFunction message)
        where TFunction : FunctionMessage, new() where TOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO, new() =>
        Chain.QueryOutputAsync<TFunction, TOutput>(to, message);

    private async Task<bool> HasRoleAsync(GovernanceDeployment gov, byte[] role, Address account) =>
        (await ReadAsync<HasRoleFunction, HasRoleOutput>(gov.Timelock, new HasRoleFunction { Role = role, Account = account.ToString() })).Has;

    private async Task<BigInteger> MinDelayAsync(GovernanceDeployment gov) =>
        (await ReadAsync<GetMinDelayFunction, MinDelayOutput>(gov.Timelock, new GetMinDelayFunction())).Seconds;

    private async Task<long> BlockTimeAsync(BigInteger block) =>
        (long)(await Chain.BlockAsync((ulong)block)).Timestamp.ToUnixTimeSeconds();

    private static string Selector(string signature) => Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4].ToHex(true);

    /// <summary>A proposal that sets the timelock's own delay (seconds): <c>updateDelay</c> may only be called by the timelock itself.</summary>
    private static GovernanceProposal UpdateDelayProposal(GovernanceDeployment gov, int seconds, string description) =>
        GovernanceProposal.Single(gov.Timelock, new UpdateDelayFunction { NewDelay = seconds }.GetCallData(), description);

    [Fact]
    public async Task DeployAsync_DemoSettings_GovernorCountsTimestampVotesWithFourPercentQuorum()
    {
        var (_, gov) = await DeployAsync();

        Assert.Equal(new BigInteger(60), (await ReadAsync<VotingDelayFunction, TimepointOutput>(gov.Governor, new VotingDelayFunction())).Value);
        Assert.Equal(new BigInteger(300), (await ReadAsync<VotingPeriodFunction, TimepointOutput>(gov.Governor, new VotingPeriodFunction())).Value);
        Assert.Equal(BigInteger.Zero, (await ReadAsync<ProposalThresholdFunction, VoteAmountOutput>(gov.Governor, new ProposalThresholdFunction())).Value);
        Assert.Equal(new BigInteger(4), (await ReadAsync<QuorumNumeratorFunction, VoteAmountOutput>(gov.Governor, new QuorumNumeratorFunction())).Value);
        Assert.Equal(gov.Timelock, Address.Parse((await ReadAsync<TimelockFunction, GovernanceAddressOutput>(gov.Governor, new TimelockFunction())).Value));
        Assert.Equal(gov.Token, Address.Parse((await ReadAsync<GovernorTokenFunction, GovernanceAddressOutput>(gov.Governor, new GovernorTokenFunction())).Value));

        // The token's clock is the block timestamp, and the governor follows it.
        Assert.Equal("mode=timestamp", (await ReadAsync<ClockModeFunction, ClockModeOutput>(gov.Token, new ClockModeFunction())).Mode);
        Assert.Equal("mode=timestamp", (await ReadAsync<ClockModeFunction, ClockModeOutput>(gov.Governor, new ClockModeFunction())).Mode);
        var now = (await Chain.BlockAsync()).Timestamp.ToUnixTimeSeconds();
        Assert.Equal((ulong)now, (await ReadAsync<ClockFunction, ClockOutput>(gov.Governor, new ClockFunction())).Value);

        // 1 000 000 DGOV, all self-delegated: votes equal balances; quorum 4% of the supply = 40 000 DGOV.
        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(1_000_000 * Dgov, (await ReadAsync<TotalSupplyFunction, TotalSupplyOutput>(gov.Token, new TotalSupplyFunction())).TotalSupply);
        Assert.Equal(40_000 * Dgov, (await ReadAsync<QuorumFunction, VoteAmountOutput>(gov.Governor, new QuorumFunction { Timepoint = now })).Value);
        foreach (var (holder, amount) in new[] { (DemoChain.Deployer, 600_000), (DemoChain.Trader, 250_000), (DemoChain.Treasury, 150_000) })
        {
            Assert.Equal(amount * Dgov, (await ReadAsync<GetVotesFunction, VoteAmountOutput>(gov.Token, new GetVotesFunction { Account = holder.ToString() })).Value);
            Assert.Equal(holder, Address.Parse((await ReadAsync<DelegatesFunction, GovernanceAddressOutput>(gov.Token, new DelegatesFunction { Account = holder.ToString() })).Value));
        }
    }

    [Fact]
    public async Task DeployAsync_TimelockRoles_GovernorProposesAndCancelsAnyoneExecutesDeployerHoldsNothing()
    {
        var (_, gov) = await DeployAsync();

        Assert.Equal(new BigInteger(120), await MinDelayAsync(gov));
        // The role ids the deployment used are the timelock's own.
        Assert.Equal(TimelockRoles.Proposer, (await ReadAsync<ProposerRoleFunction, RoleOutput>(gov.Timelock, new ProposerRoleFunction())).Role);
        Assert.Equal(TimelockRoles.Executor, (await ReadAsync<ExecutorRoleFunction, RoleOutput>(gov.Timelock, new ExecutorRoleFunction())).Role);
        Assert.Equal(TimelockRoles.Canceller, (await ReadAsync<CancellerRoleFunction, RoleOutput>(gov.Timelock, new CancellerRoleFunction())).Role);
        Assert.Equal(TimelockRoles.DefaultAdmin, (await ReadAsync<DefaultAdminRoleFunction, RoleOutput>(gov.Timelock, new DefaultAdminRoleFunction())).Role);

        Assert.True(await HasRoleAsync(gov, TimelockRoles.Proposer, gov.Governor));
        Assert.True(await HasRoleAsync(gov, TimelockRoles.Canceller, gov.Governor));
        Assert.True(await HasRoleAsync(gov, TimelockRoles.Executor, Address.Zero)); // open role: anyone executes
        Assert.True(await HasRoleAsync(gov, TimelockRoles.DefaultAdmin, gov.Timelock)); // administers itself
        foreach (var role in new[] { TimelockRoles.DefaultAdmin, TimelockRoles.Proposer, TimelockRoles.Canceller, TimelockRoles.Executor })
            Assert.False(await HasRoleAsync(gov, role, DemoChain.Deployer));
        Assert.False(await HasRoleAsync(gov, TimelockRoles.DefaultAdmin, gov.Governor));
    }

    [Fact]
    public async Task PassAsync_UpdateDelayProposal_TimelockRunsItAndEveryStepEmitsItsEvent()
    {
        var (tx, gov) = await DeployAsync();
        var proposal = UpdateDelayProposal(gov, 600, "Raise the timelock delay to 10 minutes");
        var calldata = proposal.Calldatas[0];

        var r = await GovernanceDemo.PassAsync(tx, gov, proposal);

        Assert.Equal(new BigInteger(600), await MinDelayAsync(gov));
        Assert.Equal(ProposalState.Executed, await GovernanceDemo.StateAsync(tx, gov, r.ProposalId));

        // Proposed: the call, and a window from the proposal's block time + 60 s to + 360 s.
        var created = Assert.Single(r.Proposed.DecodeAllEvents<ProposalCreatedEventDto>()).Event;
        var proposedAt = await BlockTimeAsync(r.Proposed.BlockNumber.Value);
        Assert.Equal(r.ProposalId, created.ProposalId);
        Assert.Equal(DemoChain.Deployer, Address.Parse(created.Proposer));
        Assert.Equal([gov.Timelock], created.Targets.Select(Address.Parse));
        Assert.Equal([BigInteger.Zero], created.Values);
        Assert.Equal(calldata, Assert.Single(created.Calldatas));
        Assert.Equal(proposal.Description, created.Description);
        Assert.Equal(new BigInteger(proposedAt + 60), created.VoteStart);
        Assert.Equal(new BigInteger(proposedAt + 360), created.VoteEnd);

        // Voted: every holder for, with its whole balance.
        var votes = r.Votes.Select(v => Assert.Single(v.DecodeAllEvents<VoteCastEventDto>()).Event).ToList();
        Assert.Equal([DemoChain.Deployer, DemoChain.Trader, DemoChain.Treasury], votes.Select(v => Address.Parse(v.Voter)));
        Assert.All(votes, v => Assert.Equal((byte)VoteType.For, v.Support));
        Assert.Equal([600_000 * Dgov, 250_000 * Dgov, 150_000 * Dgov], votes.Select(v => v.Weight));
        var tally = await ReadAsync<ProposalVotesFunction, ProposalVotesOutput>(gov.Governor, new ProposalVotesFunction { ProposalId = r.ProposalId });
        Assert.Equal((BigInteger.Zero, 1_000_000 * Dgov, BigInteger.Zero), (tally.Against, tally.For, tally.Abstain));

        // Queued: the governor's eta is the queue block's time + the timelock's 120 s, and the timelock scheduled the call.
        var queued = Assert.Single(r.Queued.DecodeAllEvents<ProposalQueuedEventDto>()).Event;
        Assert.Equal(r.ProposalId, queued.ProposalId);
        Assert.Equal(new BigInteger(await BlockTimeAsync(r.Queued.BlockNumber.Value) + 120), queued.EtaSeconds);
        var scheduled = Assert.Single(r.Queued.DecodeAllEvents<CallScheduledEventDto>()).Event;
        Assert.Equal(gov.Timelock, Address.Parse(scheduled.Target));
        Assert.Equal(calldata, scheduled.Data);
        Assert.Equal(new BigInteger(120), scheduled.Delay);

        // Executed no earlier than the eta: the governor's event, the timelock's call and the delay change.
        var executed = r.Executed!;
        Assert.True(await BlockTimeAsync(executed.BlockNumber.Value) >= (long)queued.EtaSeconds);
        Assert.Equal(r.ProposalId, Assert.Single(executed.DecodeAllEvents<ProposalExecutedEventDto>()).Event.ProposalId);
        var call = Assert.Single(executed.DecodeAllEvents<CallExecutedEventDto>()).Event;
        Assert.Equal(scheduled.Id, call.Id);
        Assert.Equal(calldata, call.Data);
        var change = Assert.Single(executed.DecodeAllEvents<MinDelayChangeEventDto>()).Event;
        Assert.Equal((new BigInteger(120), new BigInteger(600)), (change.OldDuration, change.NewDuration));
        Assert.True((await ReadAsync<IsOperationDoneFunction, OperationFlagOutput>(gov.Timelock, new IsOperationDoneFunction { Id = scheduled.Id })).Value);
    }

    [Fact]
    public async Task UpdateDelay_SentDirectlyByDeployer_RevertsAsUnauthorizedAndDelayUnchanged()
    {
        var (tx, gov) = await DeployAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tx.SendAsync(gov.Timelock, new UpdateDelayFunction { NewDelay = 0 }));

        // TimelockUnauthorizedCaller(address caller) with the deployer as caller.
        Assert.Contains(Selector("TimelockUnauthorizedCaller(address)") + DemoChain.Deployer.ToString()[2..].ToLowerInvariant().PadLeft(64, '0'), error.Message, StringComparison.Ordinal);
        Assert.Equal(new BigInteger(120), await MinDelayAsync(gov));
    }

    [Fact]
    public async Task ProposeAndQueueAsync_PassedProposal_PendingInTimelockAndNotExecutableBeforeItsEta()
    {
        var (tx, gov) = await DeployAsync();
        var proposal = UpdateDelayProposal(gov, 60, "Lower the timelock delay to 1 minute");

        var r = await GovernanceDemo.ProposeAndQueueAsync(tx, gov, proposal);

        Assert.Null(r.Executed);
        Assert.Equal(ProposalState.Queued, await GovernanceDemo.StateAsync(tx, gov, r.ProposalId));
        var id = Assert.Single(r.Queued.DecodeAllEvents<CallScheduledEventDto>()).Event.Id;
        Assert.True((await ReadAsync<IsOperationPendingFunction, OperationFlagOutput>(gov.Timelock, new IsOperationPendingFunction { Id = id })).Value);
        Assert.False((await ReadAsync<IsOperationReadyFunction, OperationFlagOutput>(gov.Timelock, new IsOperationReadyFunction { Id = id })).Value);
        var eta = (await ReadAsync<ProposalEtaFunction, TimepointOutput>(gov.Governor, new ProposalEtaFunction { ProposalId = r.ProposalId })).Value;
        Assert.Equal(eta, (await ReadAsync<GetOperationTimestampFunction, OperationTimestampOutput>(gov.Timelock, new GetOperationTimestampFunction { Id = id })).Timestamp);

        // Executing now fails in the timelock (operation not ready); the delay is still 120 s.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tx.SendAsync(gov.Governor, new ExecuteProposalFunction
        {
            Targets = [gov.Timelock.ToString()], Values = [BigInteger.Zero], Calldatas = [.. proposal.Calldatas], DescriptionHash = proposal.DescriptionHash,
        }));
        Assert.Contains(Selector("TimelockUnexpectedOperationState(bytes32,bytes32)"), error.Message, StringComparison.Ordinal);
        Assert.Equal(new BigInteger(120), await MinDelayAsync(gov));

        await GovernanceDemo.ExecuteAsync(tx, gov, proposal);

        Assert.Equal(new BigInteger(60), await MinDelayAsync(gov));
        Assert.True((await ReadAsync<IsOperationDoneFunction, OperationFlagOutput>(gov.Timelock, new IsOperationDoneFunction { Id = id })).Value);
    }

    [Fact]
    public async Task CastVote_ForBelowQuorum_DefeatedAndQueueReverts()
    {
        var (tx, gov) = await DeployAsync();
        // The spare account gets 1% of the supply and delegates to itself: the only vote, below the 4% quorum.
        var spare = DemoChain.Spare.ToString();
        await tx.SendAsync(gov.Token, new TransferFunction { To = spare, Value = 10_000 * Dgov });
        await tx.SendFromAsync(spare, gov.Token, new DelegateFunction { Delegatee = spare });
        var proposal = UpdateDelayProposal(gov, 0, "Drop the timelock delay");

        var (id, _) = await GovernanceDemo.ProposeAsync(tx, gov, proposal, spare);
        Assert.Equal(ProposalState.Pending, await GovernanceDemo.StateAsync(tx, gov, id));
        await GovernanceDemo.AdvancePastAsync(tx, await GovernanceDemo.SnapshotAsync(tx, gov, id));
        Assert.Equal(ProposalState.Active, await GovernanceDemo.StateAsync(tx, gov, id));
        await GovernanceDemo.VoteAsync(tx, gov, id, spare, VoteType.For);
        await GovernanceDemo.AdvancePastAsync(tx, await GovernanceDemo.DeadlineAsync(tx, gov, id));

        Assert.Equal(ProposalState.Defeated, await GovernanceDemo.StateAsync(tx, gov, id));
        var tally = await ReadAsync<ProposalVotesFunction, ProposalVotesOutput>(gov.Governor, new ProposalVotesFunction { ProposalId = id });
        Assert.Equal((BigInteger.Zero, 10_000 * Dgov, BigInteger.Zero), (tally.Against, tally.For, tally.Abstain));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GovernanceDemo.QueueAsync(tx, gov, proposal));
        Assert.Contains(Selector("GovernorUnexpectedProposalState(uint256,uint8,bytes32)"), error.Message, StringComparison.Ordinal);
        Assert.Equal(new BigInteger(120), await MinDelayAsync(gov));
    }
}
