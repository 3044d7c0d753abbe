using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Governance;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Risk.Governance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.ABI;
using Nethereum.Util;

namespace ExposureWeb.Engine.Governance;

/// <summary>What one scan did.</summary>
/// <param name="ChainName">The chain.</param>
/// <param name="Skipped">True when another scan of the chain held the lease: this one did nothing.</param>
/// <param name="Block">The block the scan was pinned to.</param>
/// <param name="ParameterRoundTrips">Round trips the parameter read took.</param>
/// <param name="SnapshotStored">True when the parameters changed and a snapshot was stored.</param>
/// <param name="Changes">The detected changes since the previous snapshot.</param>
/// <param name="ProposalsSeen">Proposals new or updated.</param>
/// <param name="ReportIds">Reports written.</param>
public sealed record GovernanceScanResult(string ChainName, bool Skipped, ulong Block, int ParameterRoundTrips, bool SnapshotStored,
    IReadOnlyList<ParameterChange> Changes, int ProposalsSeen, IReadOnlyList<int> ReportIds)
{
    /// <summary>A scan that found the lease taken.</summary>
    public static GovernanceScanResult SkippedScan(string chain) => new(chain, true, 0, 0, false, [], 0, []);
}

/// <summary>
/// One governance scan of a chain: the Aave market's risk parameters pinned to the head (a snapshot stored only when
/// they changed, with the diff), the Governor's and timelock's new events, every live proposal's state and ETA, and an
/// impact report for each proposal that is new or moved a step in its life (or whose market changed under it).
/// </summary>
/// <remarks>
/// <para>Exclusive and idempotent: a per-chain lease in the database lets one scan run while another started at the
/// same time is skipped; everything a scan found is stored in one transaction at its end, so a scan killed midway leaves
/// nothing half-written and the next one starts from the same log cursor.</para>
/// <para>The Governor's clock: vote ends above 10⁹ are read as Unix seconds (timestamp clock, as OpenZeppelin's
/// <c>mode=timestamp</c>), smaller ones as block numbers, whose ETA estimate then assumes 12 s blocks.</para>
/// </remarks>
public sealed class GovernanceScanService(
    ChainRegistry chains,
    ChainClients clients,
    GovernanceStore store,
    PortfolioDirectory directory,
    ProposalSimulator simulator,
    GovernanceImpactBook book,
    IOptions<GovernanceOptions> options,
    IOptions<EngineOptions> engineOptions,
    TimeProvider time,
    ILogger<GovernanceScanService> logger)
{
    private static readonly HashSet<ProposalState> Live = [ProposalState.Pending, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued];
    private const long TimestampClockAbove = 1_000_000_000;
    private static readonly TimeSpan AssumedBlockTime = TimeSpan.FromSeconds(12);

    /// <summary>Scans <paramref name="chainName"/> once.</summary>
    /// <exception cref="ArgumentException">No chain of that name.</exception>
    /// <exception cref="RpcException">The node failed (recorded as the scan's error; nothing stored).</exception>
    public async Task<GovernanceScanResult> ScanAsync(string chainName, CancellationToken ct)
    {
        if (!chains.TryGet(chainName, out var chain)) throw new ArgumentException($"no chain named '{chainName}'", nameof(chainName));
        var holder = Guid.NewGuid().ToString("N");
        if (!await store.TryAcquireAsync(chain.Name, holder, TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct).ConfigureAwait(false))
        {
            logger.LogInformation("Governance scan of {Chain} skipped: another scan holds the chain", chain.Name);
            return GovernanceScanResult.SkippedScan(chain.Name);
        }
        try
        {
            return await RunAsync(chain, holder, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Governance scan of {Chain} failed; what earlier scans stored stays", chain.Name);
            await store.FailAsync(chain.Name, holder, ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<GovernanceScanResult> RunAsync(ChainProfile chain, string holder, CancellationToken ct)
    {
        var eth = clients.For(chain).Eth;
        var head = await eth.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"chain {chain.Name}: the node has no latest block");
        var now = time.GetUtcNow();

        // Parameters, pinned to the head.
        MarketParameters? current = null;
        var snapshots = new List<GovernanceParameterSnapshot>();
        IReadOnlyList<ParameterChange> changes = [];
        int roundTrips = 0;
        if (chain.AaveV3 is not null)
        {
            var scan = await new AaveParameterScanner(engineOptions.Value.ReaderOptions()).ScanAsync(eth, chain, BlockParameter.FromNumber(head.Number), ct).ConfigureAwait(false);
            current = scan.Parameters;
            roundTrips = scan.RoundTrips;
            foreach (var error in scan.Errors) logger.LogWarning("Governance scan of {Chain} at block {Block}: {Error}", chain.Name, head.Number, error);
            var fingerprint = MarketParameterFingerprint.Of(current);
            var previous = await store.LatestSnapshotAsync(chain.Name, current.Protocol, current.Market, ct).ConfigureAwait(false);
            if (previous?.Fingerprint != fingerprint)
            {
                changes = previous is null ? [] : MarketParameterDiff.Compare(GovernanceJson.Read<MarketParameters>(previous.ParametersJson), current);
                snapshots.Add(new GovernanceParameterSnapshot
                {
                    ChainName = chain.Name, Protocol = current.Protocol, Market = current.Market, BlockNumber = (long)head.Number, BlockTime = head.Timestamp,
                    Fingerprint = fingerprint, ParametersJson = GovernanceJson.Write(current), ChangesJson = GovernanceJson.Write(changes),
                    ChangeCount = changes.Count, CreatedAt = now,
                });
            }
        }

        // Proposals: new events since the cursor, then every live one's state.
        var proposals = new List<GovernanceProposalEntry>();
        var reports = new List<(GovernanceReport, string?, string?, IReadOnlyList<GovernanceReportPortfolio>)>();
        var state = await store.ScanStateAsync(chain.Name, ct).ConfigureAwait(false);
        long logBlock = state?.LastLogBlock ?? -1;
        if (chain.Governance is { } governance)
        {
            var from = state?.LastLogBlock is { } last ? (ulong)(last + 1) : (ulong)Math.Max(0, (long)head.Number - options.Value.FirstScanLookbackBlocks);
            var known = (await store.ProposalsAsync(chain.Name, ct).ConfigureAwait(false)).ToDictionary(p => (p.Governor, p.ProposalId));
            var governor = Address.Parse(governance.Governor).ToString();
            var timelock = Address.Parse(governance.Timelock).ToString();
            if (from <= head.Number)
            {
                var events = await new GovernanceEventsReader((ulong)options.Value.LogBlocksPerQuery).ReadAsync(eth, governance, from, head.Number, ct).ConfigureAwait(false);
                foreach (var created in events.Created)
                {
                    var id = created.ProposalId.ToString(CultureInfo.InvariantCulture);
                    if (known.ContainsKey((governor, id))) continue;
                    known[(governor, id)] = new GovernanceProposalEntry
                    {
                        ChainName = chain.Name, Governor = governor, ProposalId = id, Proposer = created.Proposer, Description = created.Description,
                        CallsJson = GovernanceJson.Write(created.Calls), CalldataHash = CalldataHash(created.Calls), State = ProposalState.Pending.ToString(),
                        VoteStart = (long)created.VoteStart, VoteEnd = (long)created.VoteEnd, CreatedBlock = (long)created.BlockNumber,
                        CreatedTransaction = created.TransactionHash, DetectedAt = now, UpdatedAt = now,
                    };
                }
                var governorHashes = known.Values.Where(p => p.Governor == governor).Select(p => p.CalldataHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var operation in TimelockOperations.Scheduled(events, timelock, governorHashes, chain.Name, now))
                {
                    known.TryAdd((operation.Governor, operation.ProposalId), operation);
                }
                logBlock = (long)head.Number;
            }

            var open = known.Values.Where(p => Enum.TryParse<ProposalState>(p.State, out var s) && (Live.Contains(s) || p.Id == 0)).ToList();
            if (open.Count > 0)
            {
                var governed = open.Where(p => p.Governor == governor).ToList();
                var statuses = governed.Count == 0 ? new Dictionary<BigInteger, ProposalStatus>() : await new GovernanceEventsReader().ReadStatusAsync(eth, chain,
                    governed.Select(p => BigInteger.Parse(p.ProposalId, CultureInfo.InvariantCulture)).ToList(), BlockParameter.FromNumber(head.Number), ct).ConfigureAwait(false);
                var operations = open.Where(p => p.Governor == timelock).Select(p => p.ProposalId).ToList();
                var operationStates = operations.Count == 0 || chain.Multicall3 is null ? new Dictionary<string, (ProposalState, DateTimeOffset?)>()
                    : await TimelockOperations.StatusAsync(eth, Address.Parse(chain.Multicall3), Address.Parse(timelock), operations, head.Number, ct).ConfigureAwait(false);
                GovernedContracts? contracts = chain.AaveV3 is null ? null : await GovernedContracts.ReadAsync(eth, chain, BlockParameter.FromNumber(head.Number), ct).ConfigureAwait(false);
                var minDelay = await MinDelayAsync(eth, governance, head.Number, ct).ConfigureAwait(false);
                var portfolios = await directory.OnChainAsync(chain.Name, ct).ConfigureAwait(false);
                foreach (var proposal in open)
                {
                    ProposalState lifecycle;
                    DateTimeOffset? eta;
                    if (proposal.Governor == timelock)
                    {
                        if (!operationStates.TryGetValue(proposal.ProposalId, out var operationState)) continue;
                        (lifecycle, eta) = operationState;
                    }
                    else
                    {
                        if (!statuses.TryGetValue(BigInteger.Parse(proposal.ProposalId, CultureInfo.InvariantCulture), out var status)) continue;
                        lifecycle = status.State;
                        eta = status.EtaSeconds is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null;
                    }
                    var newState = lifecycle.ToString();
                    bool moved = proposal.Id == 0 || proposal.State != newState || proposal.Eta != eta || proposal.LatestReportId is null || snapshots.Count > 0;
                    if (proposal.State != newState || proposal.Eta != eta) proposal.UpdatedAt = now;
                    proposal.State = newState;
                    proposal.Eta = eta;
                    proposals.Add(proposal);
                    if (!moved || !Live.Contains(lifecycle)) continue;

                    var (executeAt, estimated) = eta is { } queuedEta ? (queuedEta, false) : (EstimateEta(proposal, head, minDelay), true);
                    var calls = GovernanceJson.Read<List<ProposalCall>>(proposal.CallsJson);
                    var report = await ReportAsync(chain, head, governance, contracts, current, calls, portfolios, executeAt, estimated,
                        ImpactReportKinds.Proposal, GovernanceReports.TitleOf(proposal.Description), proposal.ProposalId, newState, ct).ConfigureAwait(false);
                    reports.Add((ToEntity(report, proposal.ProposalEntryIdOrNull(), null), proposal.Governor, proposal.ProposalId, Rows(report)));
                }
            }
            // A proposal first seen now is stored even when the Governor no longer answers for it.
            proposals.AddRange(known.Values.Where(p => p.Id == 0 && !proposals.Contains(p)));
        }

        var ids = await store.CompleteAsync(new ScanOutcome(chain.Name, holder, (long)head.Number, logBlock, snapshots, proposals, reports), ct).ConfigureAwait(false);
        await book.RefreshAsync(chain.Name, ct).ConfigureAwait(false);
        logger.LogInformation("Governance scan of {Chain} at block {Block}: {Changes} parameter changes, {Proposals} proposals, {Reports} reports",
            chain.Name, head.Number, changes.Count, proposals.Count, ids.Count);
        return new GovernanceScanResult(chain.Name, false, head.Number, roundTrips, snapshots.Count > 0, changes, proposals.Count, ids);
    }

    /// <summary>
    /// Simulates <paramref name="calls"/> (decoded against <paramref name="current"/>) as the timelock at
    /// <paramref name="executeAt"/> and builds the report — shared by the scan and the what-if.
    /// </summary>
    internal async Task<ImpactReport> ReportAsync(ChainProfile chain, BlockHeader head, GovernanceProfile governance, GovernedContracts? contracts,
        MarketParameters? current, IReadOnlyList<ProposalCall> calls, IReadOnlyList<WatchedPortfolio> portfolios, DateTimeOffset executeAt, bool etaIsEstimate,
        string kind, string title, string? proposalId, string? proposalState, CancellationToken ct)
    {
        var decoder = contracts is null ? null : new GovernanceCallDecoder(contracts, chain);
        var decoded = calls.Select(c => decoder?.Decode(c.Index, c.Target, c.Value, Hex.Decode(c.Data), current)
            ?? new DecodedCall(c.Index, c.Target, null, c.Value, c.Data.Length >= 10 ? c.Data[..10] : "none", null, [], [],
                "the chain has no Aave pool whose contracts could be recognised", c.Data)).ToList();
        var changes = decoded.SelectMany(d => d.Changes).ToList();
        var simulation = await simulator.SimulateAsync(new SimulationRequest(chain, head, governance.Timelock,
            calls.Select(c => new SimulatedCall(c.Target, c.Value, Hex.Decode(c.Data))).ToList(), executeAt, portfolios, changes), ct).ConfigureAwait(false);
        // A what-if has no ETA: it executes at the time asked (the next block by default), shown as the execution time.
        var subject = new ImpactSubject(chain.Name, kind, title, proposalId, proposalState, kind == ImpactReportKinds.WhatIf ? null : executeAt, etaIsEstimate, CalldataHash(calls), head.Hash, head.Timestamp,
            decoded.Select(ToReportCall).ToList(), changes);
        return ImpactReportBuilder.Build(subject, simulation, time.GetUtcNow());
    }

    internal static GovernanceReport ToEntity(ImpactReport report, int? proposalEntryId, int? createdBy) => new()
    {
        ChainName = report.ChainName, Kind = report.Kind, ProposalEntryId = proposalEntryId, ProposalState = report.ProposalState, Eta = report.Eta,
        Title = report.Title, CalldataHash = report.CalldataHash, ForkBlock = (long)report.ForkBlock,
        HeaderJson = GovernanceJson.Write(report with { Portfolios = [] }), AffectedCount = report.Portfolios.Count(p => p.Affected),
        CreatedByUserId = createdBy, CreatedAt = report.CreatedAt,
    };

    internal static List<GovernanceReportPortfolio> Rows(ImpactReport report) => report.Portfolios.Select(p => new GovernanceReportPortfolio
    {
        PortfolioId = p.PortfolioId, Affected = p.Affected, ImpactJson = GovernanceJson.Write(p),
    }).ToList();

    /// <summary>keccak256 of abi.encode(address[] targets, uint256[] values, bytes[] calldatas): what the report is pinned to.</summary>
    public static string CalldataHash(IReadOnlyList<ProposalCall> calls)
    {
        var encoded = new ABIEncode().GetABIEncoded(
            new ABIValue("address[]", calls.Select(c => c.Target).ToList()),
            new ABIValue("uint256[]", calls.Select(c => c.Value).ToList()),
            new ABIValue("bytes[]", calls.Select(c => Hex.Decode(c.Data)).ToList()));
        return Hex.Encode(Sha3Keccack.Current.CalculateHash(encoded));
    }

    private static ReportCall ToReportCall(DecodedCall d) => new(d.Index, d.Target, d.TargetName, d.Value.ToString(CultureInfo.InvariantCulture), d.Selector, d.Signature,
        d.Arguments.Select(a => $"{a.Name} = {a.Value}").ToList(), d.Unrecognised, d.RawData);

    private static DateTimeOffset EstimateEta(GovernanceProposalEntry proposal, BlockHeader head, TimeSpan minDelay)
    {
        var end = proposal.VoteEnd > TimestampClockAbove
            ? DateTimeOffset.FromUnixTimeSeconds(proposal.VoteEnd)
            : head.Timestamp + AssumedBlockTime * Math.Max(0, proposal.VoteEnd - (long)head.Number);
        // Queued one second after the vote closes at the earliest, then the timelock's delay.
        return end + TimeSpan.FromSeconds(1) + minDelay;
    }

    private static async Task<TimeSpan> MinDelayAsync(EthClient eth, GovernanceProfile governance, ulong block, CancellationToken ct)
    {
        var output = SpanAbiDecoder.Decode<MinDelayOutput>(await eth.CallAsync(Address.Parse(governance.Timelock), StaticCallEncoder.Encode(new GetMinDelayFunction()),
            BlockParameter.FromNumber(block), ct: ct).ConfigureAwait(false));
        return TimeSpan.FromSeconds((double)output.Seconds);
    }
}

internal static class GovernanceProposalEntryExtensions
{
    /// <summary>The row's id once stored; null for one found in this scan (the store links it by governor and id).</summary>
    public static int? ProposalEntryIdOrNull(this GovernanceProposalEntry entry) => entry.Id == 0 ? null : entry.Id;
}
