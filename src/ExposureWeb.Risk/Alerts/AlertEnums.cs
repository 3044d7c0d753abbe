namespace ExposureWeb.Risk.Alerts;

/// <summary>What an alert rule watches. Each metric's unit, series and allowed conditions are in <see cref="AlertMetrics"/>.</summary>
public enum AlertMetric
{
    /// <summary>Net delta of one underlying, in units of that underlying (ETH, BTC …); one series per underlying.</summary>
    NetDeltaUnits,

    /// <summary>Net delta of one underlying, USD (delta × oracle price); one series per underlying.</summary>
    NetDeltaUsd,

    /// <summary>Dollar gamma per 1% move, USD; one series per underlying.</summary>
    DollarGamma,

    /// <summary>Vega per volatility point, USD; one series per underlying.</summary>
    Vega,

    /// <summary>Theta per calendar day, USD; one series per underlying.</summary>
    Theta,

    /// <summary>A lending account's health factor as the protocol reports it (liquidatable below 1); one series per account.</summary>
    HealthFactor,

    /// <summary>How far the price is from a liquidation price, percent of the current price; one series per position and asset.</summary>
    LiquidationDistance,

    /// <summary>A perp's margin ratio: collateral left over the position size, percent; one series per perp.</summary>
    PerpMarginRatio,

    /// <summary>An oracle answer that is stale or unusable (1) or fine (0); one series per underlying.</summary>
    OracleStale,

    /// <summary>A Uniswap v3 position out of its range (1) or in range (0); one series per LP position.</summary>
    LpOutOfRange,

    /// <summary>
    /// Hours until a lending account's health factor reaches <see cref="AlertRuleDefinition.Level"/> at the trend of the recent
    /// blocks (a least-squares line through them); no value while the trend is flat or rising.
    /// </summary>
    HealthFactorTimeToLevel,

    /// <summary>
    /// A live governance proposal (pending, active, succeeded or queued) whose impact report finds the portfolio affected (1)
    /// or none (0); one series per portfolio. Fires when the proposal is created and reported, not when it executes.
    /// </summary>
    GovernanceAffected,

    /// <summary>
    /// One of the portfolio's saved strategies is breached (1) or none is (0); one series per portfolio, labelled with the
    /// breached strategies. Resolves when a hedge brings them back within their limits.
    /// </summary>
    StrategyBreached,
}

/// <summary>On which side of a threshold a value fires.</summary>
public enum AlertCondition
{
    /// <summary>Fires when the value is above the threshold; recovers below the recovery threshold.</summary>
    Above,

    /// <summary>Fires when the value is below the threshold; recovers above the recovery threshold.</summary>
    Below,

    /// <summary>Fires when the absolute value is above the threshold (a delta too long or too short).</summary>
    OutsideBand,
}

/// <summary>How loud a firing alert is; each includes the ones below it.</summary>
public enum AlertSeverity
{
    /// <summary>For the record: nothing to act on yet.</summary>
    Info = 0,
    /// <summary>Someone should look soon.</summary>
    Warning = 1,
    /// <summary>Act now.</summary>
    Critical = 2,
}

/// <summary>Which series of the workspace a rule watches.</summary>
public enum AlertScope
{
    /// <summary>Every portfolio of the rule's workspace.</summary>
    Workspace,

    /// <summary>The rule's portfolio.</summary>
    Portfolio,

    /// <summary>One underlying of the rule's portfolio (<see cref="AlertRuleDefinition.Underlying"/>).</summary>
    Underlying,

    /// <summary>One position of the rule's portfolio (<see cref="AlertRuleDefinition.PositionId"/>).</summary>
    Position,
}

/// <summary>Where an alert instance stands.</summary>
public enum AlertState
{
    /// <summary>The value is on the good side of every threshold.</summary>
    Normal,

    /// <summary>A threshold is crossed, but not yet for the rule's pending period.</summary>
    Pending,

    /// <summary>A threshold has been crossed for the pending period; the severity says which.</summary>
    Firing,

    /// <summary>Back past every recovery threshold, but not yet for the rule's keep-firing period.</summary>
    Recovering,

    /// <summary>The input is missing or stale (an unpriced asset, a stale oracle, a position gone): never read as normal.</summary>
    NoData,

    /// <summary>The input could not be read (a reverted call, an adapter failure).</summary>
    Error,
}

/// <summary>What a missing or stale input means for a rule.</summary>
public enum NoDataPolicy
{
    /// <summary>Its own state, <see cref="AlertState.NoData"/>, notified like a firing.</summary>
    NoData,

    /// <summary>Treated as crossing every threshold: fires at the highest severity.</summary>
    Alerting,

    /// <summary>The instance keeps its last state until data returns.</summary>
    KeepLastState,
}
