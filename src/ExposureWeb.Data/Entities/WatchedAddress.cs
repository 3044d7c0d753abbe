namespace ExposureWeb.Data.Entities;

/// <summary>An address whose holdings count towards a portfolio.</summary>
public sealed class WatchedAddress
{
    public int Id { get; set; }

    public int PortfolioId { get; set; }

    /// <summary>EIP-55 checksummed, validated before it is stored.</summary>
    public required string Address { get; set; }

    public string? Label { get; set; }

    public Portfolio? Portfolio { get; set; }
}
