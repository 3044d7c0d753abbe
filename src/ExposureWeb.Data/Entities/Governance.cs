namespace ExposureWeb.Data.Entities;

/// <summary>
/// A chain's governance scan bookkeeping: how far its logs were read, the last scan's outcome, and the lease that keeps
/// two scans of the same chain from running at once (a second one finds it held and is skipped).
/// </summary>
public sealed class GovernanceScanState
{
    public required string ChainName { get; set; }

    /// <summary>The last block whose governance logs were read; null before the first scan.</summary>
    public long? LastLogBlock { get; set; }

    /// <summary>The block the last finished scan read the parameters at.</summary>
    public long? LastScanBlock { get; set; }

    public DateTimeOffset? LastScanAt { get; set; }

    /// <summary>Why the last scan failed, or null when it succeeded.</summary>
    public string? LastError { get; set; }

    /// <summary>Scans finished, for the page's "n scans" and for tests.</summary>
    public int ScanCount { get; set; }

    /// <summary>Who holds the lease (a random id per run), or null.</summary>
    public string? LeaseHolder { get; set; }

    /// <summary>When the lease lapses: a scan killed midway frees the chain after this.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>A market's risk parameters at a block, stored only when they differ from the previous snapshot.</summary>
public sealed class GovernanceParameterSnapshot
{
    public int Id { get; set; }

    public required string ChainName { get; set; }

    /// <summary>aave-v3.</summary>
    public required string Protocol { get; set; }

    /// <summary>The market's address (the pool).</summary>
    public required string Market { get; set; }

    public long BlockNumber { get; set; }

    public DateTimeOffset BlockTime { get; set; }

    /// <summary>SHA-256 of the parameters (prices and block excluded): equal fingerprints, equal parameters.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The <c>MarketParameters</c> as JSON.</summary>
    public required string ParametersJson { get; set; }

    /// <summary>The <c>ParameterChange</c> list from the previous snapshot, as JSON; "[]" for the first.</summary>
    public required string ChangesJson { get; set; }

    public int ChangeCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A Governor proposal as the scans have seen it: its calls, and its state and ETA at the last scan.</summary>
public sealed class GovernanceProposalEntry
{
    public int Id { get; set; }

    public required string ChainName { get; set; }

    public required string Governor { get; set; }

    /// <summary>The Governor's id, decimal.</summary>
    public required string ProposalId { get; set; }

    public required string Proposer { get; set; }

    public required string Description { get; set; }

    /// <summary>The calls (target, value, data) as JSON.</summary>
    public required string CallsJson { get; set; }

    /// <summary>keccak256 over the calls: a report is pinned to it.</summary>
    public required string CalldataHash { get; set; }

    /// <summary>Pending, Active, Canceled, Defeated, Succeeded, Queued, Expired, Executed.</summary>
    public required string State { get; set; }

    /// <summary>When a queued proposal may execute (UTC), or null.</summary>
    public DateTimeOffset? Eta { get; set; }

    /// <summary>Vote start and end, on the Governor's clock (Unix seconds in timestamp mode, else blocks).</summary>
    public long VoteStart { get; set; }

    public long VoteEnd { get; set; }

    public long CreatedBlock { get; set; }

    public required string CreatedTransaction { get; set; }

    public DateTimeOffset DetectedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The newest report on it, or null before the first.</summary>
    public int? LatestReportId { get; set; }
}

/// <summary>An impact report (a proposal at one step of its life, or a what-if), pinned to a block and the calls' hash.</summary>
public sealed class GovernanceReport
{
    public int Id { get; set; }

    public required string ChainName { get; set; }

    /// <summary>proposal or what-if.</summary>
    public required string Kind { get; set; }

    /// <summary>The proposal row, for a proposal's report.</summary>
    public int? ProposalEntryId { get; set; }

    /// <summary>The proposal's state when the report ran.</summary>
    public string? ProposalState { get; set; }

    public DateTimeOffset? Eta { get; set; }

    public required string Title { get; set; }

    public required string CalldataHash { get; set; }

    public long ForkBlock { get; set; }

    /// <summary>The report without its per-portfolio rows, as JSON.</summary>
    public required string HeaderJson { get; set; }

    public int AffectedCount { get; set; }

    /// <summary>The previous report on the same proposal, for "what changed since the last run".</summary>
    public int? PreviousReportId { get; set; }

    /// <summary>Who asked for a what-if (only they see it); null for a scan's report.</summary>
    public int? CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One portfolio's part of a report, kept apart so a reader gets only the portfolios they may see.</summary>
public sealed class GovernanceReportPortfolio
{
    public int ReportId { get; set; }

    public int PortfolioId { get; set; }

    public bool Affected { get; set; }

    /// <summary>The <c>PortfolioImpact</c> as JSON.</summary>
    public required string ImpactJson { get; set; }
}
