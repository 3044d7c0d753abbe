namespace ExposureWeb.Data.Entities;

/// <summary>
/// A stored alert rule. Its definition is the JSON of <c>AlertRuleDefinition</c> (the export format), validated by
/// <c>AlertRuleValidator</c> before every write; the columns beside it are what queries filter on.
/// </summary>
public sealed class AlertRule
{
    public int Id { get; set; }

    public int WorkspaceId { get; set; }

    /// <summary>The portfolio it was created under; null only for a rule scoped to the whole workspace.</summary>
    public int? PortfolioId { get; set; }

    public required string Name { get; set; }

    /// <summary>The <c>AlertRuleDefinition</c> as JSON (enums as names).</summary>
    public required string DefinitionJson { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Incremented on every edit, so the engine notices a changed rule.</summary>
    public int Version { get; set; } = 1;

    public int CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
