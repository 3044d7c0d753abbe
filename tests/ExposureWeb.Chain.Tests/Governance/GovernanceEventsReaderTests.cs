using System.Numerics;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Tests.Governance;

/// <summary>The demo's Governor and timelock events and proposal states on a real anvil; each test starts from the fresh demo.</summary>
public sealed class GovernanceEventsReaderTests(DemoChain chain) : IsolatedDemoTests(chain)
{
    private async Task<GovernanceEvents> ReadAllAsync(ulong blocksPerQuery = 10_000) =>
        await new GovernanceEventsReader(blocksPerQuery).ReadAsync(Chain.Eth, Chain.Profile.Governance!, 0, await Chain.Eth.BlockNumberAsync(), CancellationToken.None);

    [Fact]
    public async Task ReadAsync_FreshDemo_PendingProposalFoundWithItsCallAndEta()
    {
        var contracts = await GovernanceTestChain.ContractsAsync(Chain);

        var events = await ReadAllAsync();

        var created = Assert.Single(events.Created, c => c.Description == DemoMarket.PendingProposal.Description);
        Assert.Equal(DemoChain.Deployer.ToString(), created.Proposer);
        Assert.Equal([new ProposalCall(0, contracts.PoolConfigurator.ToString(), BigInteger.Zero, Hex.Encode(GovernanceTestChain.PendingCalldata(Chain)))], created.Calls);
        Assert.Equal(GovernanceDemo.VotingPeriodSeconds, (ulong)(created.VoteEnd - created.VoteStart));
        var queued = Assert.Single(events.Queued, q => q.ProposalId == created.ProposalId);
        Assert.True(queued.BlockNumber > created.BlockNumber);
        Assert.DoesNotContain(events.Executed, e => e.ProposalId == created.ProposalId);
        Assert.Empty(events.Canceled);

        var status = (await new GovernanceEventsReader().ReadStatusAsync(Chain.Eth, Chain.Profile, [created.ProposalId], BlockParameter.Latest, CancellationToken.None))[created.ProposalId];
        Assert.Equal(new ProposalStatus(ProposalState.Queued, (long)queued.EtaSeconds, created.VoteEnd), status);
        var queuedAt = await Chain.BlockAsync(queued.BlockNumber);
        Assert.Equal(queuedAt.Timestamp.ToUnixTimeSeconds() + (long)GovernanceDemo.TimelockDelaySeconds, (long)queued.EtaSeconds);
    }

    [Fact]
    public async Task ReadAsync_FreshDemo_CallScheduledMatchesTheQueuedProposalsCalls()
    {
        var events = await ReadAllAsync();

        var created = events.Created.Single(c => c.Description == DemoMarket.PendingProposal.Description);
        var queued = events.Queued.Single(q => q.ProposalId == created.ProposalId);
        var scheduled = events.Scheduled.Where(s => s.TransactionHash == queued.TransactionHash).ToList();
        Assert.Equal(created.Calls.Select(c => (c.Index, c.Target, c.Value, c.Data)), scheduled.Select(s => (s.Index, s.Target, s.Value, s.Data)));
        Assert.All(scheduled, s => Assert.Equal(new BigInteger(GovernanceDemo.TimelockDelaySeconds), s.DelaySeconds));
        Assert.All(scheduled, s => Assert.Matches("^0x[0-9a-f]{64}$", s.OperationId));
        Assert.All(scheduled, s => Assert.Equal("0x" + new string('0', 64), s.Predecessor));
    }

    [Fact]
    public async Task ReadAsync_SmallChunks_SameEventsAsOneQuery()
    {
        var whole = await ReadAllAsync();

        var chunked = await ReadAllAsync(blocksPerQuery: 7);

        Assert.Equal(whole.Created.Select(c => (c.ProposalId, c.BlockNumber)), chunked.Created.Select(c => (c.ProposalId, c.BlockNumber)));
        Assert.Equal(whole.Queued, chunked.Queued);
        Assert.Equal(whole.Executed, chunked.Executed);
        Assert.Equal(whole.Scheduled.Count, chunked.Scheduled.Count);
        Assert.Equal(whole.CallsExecuted.Count, chunked.CallsExecuted.Count);
    }

    [Fact]
    public async Task ReadAsync_ProposalCreatedInTest_AppearsPendingThenActiveAfterTimeMoves()
    {
        var tx = new DemoTransactions(Chain.Web3, CancellationToken.None);
        var gov = GovernanceTestChain.Governance(Chain);
        var proposal = GovernanceProposal.Single(gov.Timelock, new UpdateDelayFunction { NewDelay = 600 }.GetCallData(), "Timelock delay 10 minutes");
        var (id, receipt) = await GovernanceDemo.ProposeAsync(tx, gov, proposal, DemoMarket.Trader);
        var block = (ulong)receipt.BlockNumber.Value;

        var events = await new GovernanceEventsReader().ReadAsync(Chain.Eth, Chain.Profile.Governance!, block, block, CancellationToken.None);

        var created = Assert.Single(events.Created);
        Assert.Equal((id, DemoChain.Trader.ToString(), "Timelock delay 10 minutes", block, receipt.TransactionHash), (created.ProposalId, created.Proposer, created.Description, created.BlockNumber, created.TransactionHash));
        Assert.Equal([new ProposalCall(0, gov.Timelock.ToString(), BigInteger.Zero, Hex.Encode(proposal.Calldatas[0]))], created.Calls);
        var reader = new GovernanceEventsReader();
        var pending = (await reader.ReadStatusAsync(Chain.Eth, Chain.Profile, [id], BlockParameter.Latest, CancellationToken.None))[id];
        Assert.Equal(new ProposalStatus(ProposalState.Pending, null, created.VoteEnd), pending);

        await Chain.AdvanceTimeAsync(TimeSpan.FromSeconds(GovernanceDemo.VotingDelaySeconds + 1));

        var active = (await reader.ReadStatusAsync(Chain.Eth, Chain.Profile, [id], BlockParameter.Latest, CancellationToken.None))[id];
        Assert.Equal(ProposalState.Active, active.State);
    }

    [Fact]
    public async Task ReadStatusAsync_UnknownProposal_LeftOut()
    {
        var statuses = await new GovernanceEventsReader().ReadStatusAsync(Chain.Eth, Chain.Profile, [new BigInteger(12345)], BlockParameter.Latest, CancellationToken.None);

        Assert.Empty(statuses);
    }

    [Fact]
    public async Task ReadAsync_PendingProposalExecuted_ExecutedAndCallExecutedEvents()
    {
        var tx = new DemoTransactions(Chain.Web3, CancellationToken.None);
        var from = await Chain.Eth.BlockNumberAsync() + 1;
        await GovernanceDemo.ExecuteAsync(tx, GovernanceTestChain.Governance(Chain), await GovernanceTestChain.PendingProposalAsync(Chain));

        var events = await new GovernanceEventsReader().ReadAsync(Chain.Eth, Chain.Profile.Governance!, from, await Chain.Eth.BlockNumberAsync(), CancellationToken.None);

        Assert.Single(events.Executed);
        var call = Assert.Single(events.CallsExecuted);
        Assert.Equal(Hex.Encode(GovernanceTestChain.PendingCalldata(Chain)), call.Data);
        Assert.Empty(events.Created);
    }
}
