using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.Chain.Rpc;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using FilterLog = Nethereum.RPC.Eth.DTOs.FilterLog;

namespace ExposureWeb.Chain.Governance;

/// <summary>
/// Reads an OpenZeppelin Governor's and its TimelockController's events over a block range (eth_getLogs), and the
/// status of proposals at a block (one Multicall3 batch).
/// </summary>
/// <remarks>
/// The range is read in chunks of <see cref="BlocksPerQuery"/> blocks, one after the other, because providers cap the
/// range (and the number of logs) of one eth_getLogs; each chunk is one request for both contracts and all seven
/// events (an address list and a topic0 alternative). Logs are decoded with Nethereum's event DTOs.
/// </remarks>
public sealed class GovernanceEventsReader
{
    /// <summary>Creates a reader.</summary>
    /// <param name="blocksPerQuery">Most blocks per eth_getLogs; default 10 000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blocksPerQuery"/> is not positive.</exception>
    public GovernanceEventsReader(ulong blocksPerQuery = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blocksPerQuery);
        BlocksPerQuery = blocksPerQuery;
    }

    /// <summary>Most blocks per eth_getLogs request.</summary>
    public ulong BlocksPerQuery { get; }

    private static string Topic<T>() where T : IEventDTO => "0x" + ABITypedRegistry.GetEvent<T>().Sha3Signature;

    private static readonly string CreatedTopic = Topic<ProposalCreatedEventDto>(), QueuedTopic = Topic<ProposalQueuedEventDto>(),
        ExecutedTopic = Topic<ProposalExecutedEventDto>(), CanceledTopic = Topic<ProposalCanceledEventDto>(),
        ScheduledTopic = Topic<CallScheduledEventDto>(), CallExecutedTopic = Topic<CallExecutedEventDto>(), CancelledTopic = Topic<CancelledEventDto>();

    /// <summary>The governance events from <paramref name="fromBlock"/> to <paramref name="toBlock"/>, both included.</summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="governance">The profile's governor and timelock.</param>
    /// <param name="fromBlock">First block.</param>
    /// <param name="toBlock">Last block (at least <paramref name="fromBlock"/>).</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="ArgumentException">An address of the profile is invalid, or the range is reversed.</exception>
    /// <exception cref="RpcErrorException">The node refused a query (e.g. a range above its cap: lower <see cref="BlocksPerQuery"/>).</exception>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<GovernanceEvents> ReadAsync(EthClient eth, GovernanceProfile governance, ulong fromBlock, ulong toBlock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(governance);
        if (toBlock < fromBlock) throw new ArgumentException($"block range {fromBlock}–{toBlock} is reversed", nameof(toBlock));
        var governor = ParseAddress(governance.Governor, "governance.governor");
        var timelock = ParseAddress(governance.Timelock, "governance.timelock");

        var logs = new List<FilterLog>();
        for (ulong start = fromBlock; ; start += BlocksPerQuery)
        {
            ulong end = toBlock - start < BlocksPerQuery ? toBlock : start + BlocksPerQuery - 1;
            var filter = new
            {
                fromBlock = HexQuantity.Format(start),
                toBlock = HexQuantity.Format(end),
                address = new[] { governor.ToString(), timelock.ToString() },
                topics = new object[] { new[] { CreatedTopic, QueuedTopic, ExecutedTopic, CanceledTopic, ScheduledTopic, CallExecutedTopic, CancelledTopic } },
            };
            var result = await eth.RequestAsync<JsonElement>("eth_getLogs", [filter], ct).ConfigureAwait(false);
            if (result.ValueKind != JsonValueKind.Array) throw new FormatException($"eth_getLogs returned {result.ValueKind}, not an array");
            logs.AddRange(result.EnumerateArray().Select(ToFilterLog));
            if (end == toBlock) break;
        }
        logs.Sort((a, b) => (a.BlockNumber.Value, a.LogIndex.Value).CompareTo((b.BlockNumber.Value, b.LogIndex.Value)));

        var created = new List<ProposalCreated>();
        var queued = new List<ProposalQueued>();
        var executed = new List<ProposalExecuted>();
        var canceled = new List<ProposalCanceled>();
        var scheduled = new List<TimelockCallScheduled>();
        var callsExecuted = new List<TimelockCallExecuted>();
        var cancelled = new List<TimelockCancelled>();
        foreach (var log in logs)
        {
            var from = Address.Parse(log.Address);
            var topic = ((string)log.Topics[0]).ToLowerInvariant();
            ulong block = (ulong)log.BlockNumber.Value;
            string tx = log.TransactionHash;
            // A contract may emit an event with the same topic the other one is read for; take each from its own contract.
            if (from == governor)
            {
                if (topic == CreatedTopic)
                {
                    var e = log.DecodeEvent<ProposalCreatedEventDto>().Event;
                    var calls = e.Targets.Select((target, i) => new ProposalCall(i, Checksummed(target), i < e.Values.Count ? e.Values[i] : BigInteger.Zero,
                        i < e.Calldatas.Count ? Hex.Encode(e.Calldatas[i]) : "0x")).ToList();
                    created.Add(new ProposalCreated(e.ProposalId, Checksummed(e.Proposer), calls, e.Description, e.VoteStart, e.VoteEnd, block, tx));
                }
                else if (topic == QueuedTopic)
                {
                    var e = log.DecodeEvent<ProposalQueuedEventDto>().Event;
                    queued.Add(new ProposalQueued(e.ProposalId, e.EtaSeconds, block, tx));
                }
                else if (topic == ExecutedTopic) executed.Add(new ProposalExecuted(log.DecodeEvent<ProposalExecutedEventDto>().Event.ProposalId, block, tx));
                else if (topic == CanceledTopic) canceled.Add(new ProposalCanceled(log.DecodeEvent<ProposalCanceledEventDto>().Event.ProposalId, block, tx));
            }
            else if (from == timelock)
            {
                if (topic == ScheduledTopic)
                {
                    var e = log.DecodeEvent<CallScheduledEventDto>().Event;
                    scheduled.Add(new TimelockCallScheduled(Hex.Encode(e.Id), (int)e.Index, Checksummed(e.Target), e.Value, Hex.Encode(e.Data), Hex.Encode(e.Predecessor), e.Delay, block, tx));
                }
                else if (topic == CallExecutedTopic)
                {
                    var e = log.DecodeEvent<CallExecutedEventDto>().Event;
                    callsExecuted.Add(new TimelockCallExecuted(Hex.Encode(e.Id), (int)e.Index, Checksummed(e.Target), e.Value, Hex.Encode(e.Data), block, tx));
                }
                else if (topic == CancelledTopic) cancelled.Add(new TimelockCancelled(Hex.Encode(log.DecodeEvent<CancelledEventDto>().Event.Id), block, tx));
            }
        }
        return new GovernanceEvents(created, queued, executed, canceled, scheduled, callsExecuted, cancelled);
    }

    /// <summary>
    /// Each proposal's state, eta and deadline at <paramref name="block"/>, through one Multicall3 batch (one eth_call).
    /// A proposal the Governor does not know (its <c>state</c> reverts) is left out of the answer.
    /// </summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="chain">The profile: governance.governor and multicall3 are required.</param>
    /// <param name="proposalIds">The proposals.</param>
    /// <param name="block">The block to read at.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="ArgumentException">The profile has no governor or no Multicall3 address.</exception>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<IReadOnlyDictionary<BigInteger, ProposalStatus>> ReadStatusAsync(
        EthClient eth, ChainProfile chain, IReadOnlyList<BigInteger> proposalIds, BlockParameter block, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(proposalIds);
        var governor = ParseAddress(chain.Governance?.Governor, "governance.governor");
        var multicall = ParseAddress(chain.Multicall3, "multicall3");
        var batch = new MulticallBatch();
        var indices = proposalIds.Distinct().Select(id => (Id: id,
            State: batch.Add(governor, new ProposalStateFunction { ProposalId = id }),
            Eta: batch.Add(governor, new ProposalEtaFunction { ProposalId = id }),
            Deadline: batch.Add(governor, new ProposalDeadlineFunction { ProposalId = id }))).ToList();
        var outcomes = await batch.ExecuteAsync(eth, multicall, block, ct).ConfigureAwait(false);

        var statuses = new Dictionary<BigInteger, ProposalStatus>();
        foreach (var (id, state, eta, deadline) in indices)
        {
            if (!outcomes[state].TryDecode<ProposalStateOutput>(out var s, out _)) continue;
            long? etaSeconds = outcomes[eta].TryDecode<TimepointOutput>(out var e, out _) && !e.Value.IsZero ? (long)e.Value : null;
            var end = outcomes[deadline].TryDecode<TimepointOutput>(out var d, out _) ? d.Value : BigInteger.Zero;
            statuses[id] = new ProposalStatus(s.State, etaSeconds, end);
        }
        return statuses;
    }

    private static Address ParseAddress(string? text, string what) =>
        Address.TryParse(text, out var address, out var error) ? address : throw new ArgumentException($"{what}: '{text}' is not an address ({error ?? "missing"})");

    private static string Checksummed(string address) => Address.TryParse(address, out var a) ? a.ToString() : address;

    private static FilterLog ToFilterLog(JsonElement log) => new()
    {
        Address = log.GetProperty("address").GetString(),
        Topics = log.GetProperty("topics").EnumerateArray().Select(t => (object)t.GetString()!).ToArray(),
        Data = log.GetProperty("data").GetString(),
        BlockNumber = new HexBigInteger(log.GetProperty("blockNumber").GetString()),
        LogIndex = new HexBigInteger(log.GetProperty("logIndex").GetString()),
        TransactionHash = log.GetProperty("transactionHash").GetString(),
    };
}
