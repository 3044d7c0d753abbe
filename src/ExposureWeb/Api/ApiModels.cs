namespace ExposureWeb.Api;

/// <summary>A portfolio the caller may see.</summary>
/// <param name="Id">Portfolio id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Chain">Chain profile name its addresses live on.</param>
/// <param name="Workspace">Workspace it belongs to.</param>
/// <param name="Role">The caller's role there: viewer, editor or owner.</param>
/// <param name="Addresses">Watched addresses (EIP-55) with their labels.</param>
public sealed record PortfolioDto(int Id, string Name, string Chain, string Workspace, string Role, IReadOnlyList<WatchedAddressDto> Addresses);

/// <summary>A watched address.</summary>
public sealed record WatchedAddressDto(string Address, string? Label);
