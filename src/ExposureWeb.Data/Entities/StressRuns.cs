namespace ExposureWeb.Data.Entities;

/// <summary>What a stress run computes.</summary>
public enum StressRunKind
{
    /// <summary>Deribit's grid: price ±16% in 9 steps × vol up/same/down, plus the extended moves.</summary>
    Grid,

    /// <summary>Historical shocks: presets from configuration (per-asset moves, each with its source and date).</summary>
    Historical,

    /// <summary>Correlated multi-asset shocks: a driver's move spread to the others by correlation.</summary>
    Correlated,

    /// <summary>Monte Carlo VaR and expected shortfall.</summary>
    MonteCarlo,

    /// <summary>Liquidation cascade: seized collateral sold into the pools' liquidity, iterated to a fixed point.</summary>
    Cascade,
}

/// <summary>Where a stress run is in its life.</summary>
public enum StressRunState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The app stopped while it ran: nothing of it was saved; it is run again once.</summary>
    Interrupted,
}

/// <summary>
/// One stress run of a portfolio: its parameters, its progress while it runs, and its result once done (written in the
/// same update that marks it succeeded, so a run is never half-saved).
/// </summary>
public sealed class StressRun
{
    public long Id { get; set; }

    public int WorkspaceId { get; set; }

    public int PortfolioId { get; set; }

    public StressRunKind Kind { get; set; }

    /// <summary>The kind's parameters as JSON (paths, confidence, presets, driver …).</summary>
    public required string ParametersJson { get; set; }

    public StressRunState State { get; set; }

    /// <summary>0 … 1 while it runs.</summary>
    public double Progress { get; set; }

    /// <summary>What it is doing now, in words ("path 4 000 of 10 000", "scenario: 2022-06 stETH depeg").</summary>
    public string? Step { get; set; }

    /// <summary>The schedule that started it, or null for an on-demand run.</summary>
    public int? ScheduleId { get; set; }

    /// <summary>Who asked for it (on demand), or null.</summary>
    public int? RequestedByUserId { get; set; }

    /// <summary>1 for the first try; 2 when it is the re-run of an interrupted one (there is no third).</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The run this one re-runs, when interrupted.</summary>
    public long? RetryOfRunId { get; set; }

    /// <summary>The block of the snapshot it stressed, once started.</summary>
    public long? BlockNumber { get; set; }

    public DateTimeOffset? BlockTime { get; set; }

    /// <summary>The result as JSON, only once <see cref="State"/> is Succeeded.</summary>
    public string? ResultJson { get; set; }

    /// <summary>Why it failed, in words.</summary>
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A workspace's recurring stress run of one portfolio (Hangfire cron).</summary>
public sealed class StressSchedule
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    public int PortfolioId { get; set; }

    public required string Name { get; set; }

    public StressRunKind Kind { get; set; }

    public required string ParametersJson { get; set; }

    /// <summary>Five-field cron, evaluated in <see cref="TimeZone"/>.</summary>
    public required string Cron { get; set; }

    /// <summary>IANA time zone id.</summary>
    public required string TimeZone { get; set; }

    public bool Enabled { get; set; } = true;

    public int CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What a strategy keeps in check.</summary>
public enum StrategyKind
{
    /// <summary>|net delta| of an underlying within a band, hedged with a swap or a perp.</summary>
    DeltaBand,

    /// <summary>Health factor above a floor: the cheapest of repaying debt, adding collateral, swapping collateral.</summary>
    HealthFactorFloor,

    /// <summary>Dollar gamma within a cap.</summary>
    GammaCap,

    /// <summary>Vega within a cap.</summary>
    VegaCap,

    /// <summary>Covered calls or cash-secured puts within a gamma budget.</summary>
    VolatilityHarvest,

    /// <summary>LP positions kept in range.</summary>
    LpRange,
}

/// <summary>
/// A strategy saved on a portfolio. The engine checks it on every recompute; a breach produces a hedge proposal the user
/// signs in their own wallet (the server never holds a key).
/// </summary>
public sealed class Strategy
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    public int PortfolioId { get; set; }

    public required string Name { get; set; }

    public StrategyKind Kind { get; set; }

    /// <summary>The kind's definition as JSON (band, floor, hedge instrument …), validated before every write.</summary>
    public required string DefinitionJson { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Incremented on every edit, so the engine notices a changed strategy.</summary>
    public int Version { get; set; } = 1;

    public int CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
