using System.Numerics;
using ExposureWeb.Chain.Protocols.Governance;

namespace ExposureWeb.Chain.Governance;

/// <summary>Governance events of a block range, each list in chain order (block, then log index).</summary>
/// <param name="Created">Governor ProposalCreated.</param>
/// <param name="Queued">Governor ProposalQueued.</param>
/// <param name="Executed">Governor ProposalExecuted.</param>
/// <param name="Canceled">Governor ProposalCanceled.</param>
/// <param name="Scheduled">Timelock CallScheduled (one per call of a scheduled operation).</param>
/// <param name="CallsExecuted">Timelock CallExecuted (one per call of an executed operation).</param>
/// <param name="Cancelled">Timelock Cancelled.</param>
public sealed record GovernanceEvents(
    IReadOnlyList<ProposalCreated> Created,
    IReadOnlyList<ProposalQueued> Queued,
    IReadOnlyList<ProposalExecuted> Executed,
    IReadOnlyList<ProposalCanceled> Canceled,
    IReadOnlyList<TimelockCallScheduled> Scheduled,
    IReadOnlyList<TimelockCallExecuted> CallsExecuted,
    IReadOnlyList<TimelockCancelled> Cancelled);

/// <summary>One call of a proposal.</summary>
/// <param name="Index">Its position in the proposal.</param>
/// <param name="Target">The contract called, checksummed.</param>
/// <param name="Value">Wei sent.</param>
/// <param name="Data">The calldata, 0x hex.</param>
public sealed record ProposalCall(int Index, string Target, BigInteger Value, string Data);

/// <summary>A proposal was made.</summary>
/// <param name="ProposalId">The Governor's id (hash of the calls and description).</param>
/// <param name="Proposer">Who proposed, checksummed.</param>
/// <param name="Calls">Its calls, in order.</param>
/// <param name="Description">The proposal's text.</param>
/// <param name="VoteStart">The vote snapshot on the Governor's clock (Unix seconds for a timestamp clock, else a block number).</param>
/// <param name="VoteEnd">The voting deadline on the same clock.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record ProposalCreated(
    BigInteger ProposalId, string Proposer, IReadOnlyList<ProposalCall> Calls, string Description, BigInteger VoteStart, BigInteger VoteEnd,
    ulong BlockNumber, string TransactionHash);

/// <summary>A passed proposal was queued in the timelock.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="EtaSeconds">When it may execute, Unix seconds.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record ProposalQueued(BigInteger ProposalId, BigInteger EtaSeconds, ulong BlockNumber, string TransactionHash);

/// <summary>A proposal was executed.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record ProposalExecuted(BigInteger ProposalId, ulong BlockNumber, string TransactionHash);

/// <summary>A proposal was canceled.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record ProposalCanceled(BigInteger ProposalId, ulong BlockNumber, string TransactionHash);

/// <summary>One call of an operation scheduled in the timelock.</summary>
/// <param name="OperationId">The operation id, 0x hex (32 bytes).</param>
/// <param name="Index">The call's position in the operation.</param>
/// <param name="Target">The contract called, checksummed.</param>
/// <param name="Value">Wei sent.</param>
/// <param name="Data">The calldata, 0x hex.</param>
/// <param name="Predecessor">The operation that must execute first, 0x hex (zero = none).</param>
/// <param name="DelaySeconds">Seconds from scheduling until it may execute.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record TimelockCallScheduled(
    string OperationId, int Index, string Target, BigInteger Value, string Data, string Predecessor, BigInteger DelaySeconds, ulong BlockNumber, string TransactionHash);

/// <summary>One call of a timelock operation was executed.</summary>
/// <param name="OperationId">The operation id, 0x hex.</param>
/// <param name="Index">The call's position in the operation.</param>
/// <param name="Target">The contract called, checksummed.</param>
/// <param name="Value">Wei sent.</param>
/// <param name="Data">The calldata, 0x hex.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record TimelockCallExecuted(string OperationId, int Index, string Target, BigInteger Value, string Data, ulong BlockNumber, string TransactionHash);

/// <summary>A pending timelock operation was cancelled.</summary>
/// <param name="OperationId">The operation id, 0x hex.</param>
/// <param name="BlockNumber">Block of the event.</param>
/// <param name="TransactionHash">Transaction of the event.</param>
public sealed record TimelockCancelled(string OperationId, ulong BlockNumber, string TransactionHash);

/// <summary>A proposal's status at one block.</summary>
/// <param name="State">The Governor's state.</param>
/// <param name="EtaSeconds">When a queued proposal may execute, Unix seconds; null when not queued.</param>
/// <param name="Deadline">The voting deadline on the Governor's clock.</param>
public sealed record ProposalStatus(ProposalState State, long? EtaSeconds, BigInteger Deadline);
