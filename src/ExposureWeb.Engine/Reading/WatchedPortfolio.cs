using ExposureWeb.Chain.Primitives;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Engine.Reading;

/// <summary>What the engine needs of a portfolio: where it lives, which addresses to read and its manual positions.</summary>
public sealed record WatchedPortfolio(int Id, string Name, string ChainName, IReadOnlyList<Address> Addresses)
{
    /// <summary>Positions entered or imported by hand, as Risk positions (cached with the portfolio, refreshed on change).</summary>
    public IReadOnlyList<Position> Manual { get; init; } = [];

    /// <summary>The workspace it belongs to (whose workspace-wide alert rules cover it); null for a portfolio outside any.</summary>
    public int? WorkspaceId { get; init; }
}
