using ExposureWeb.Engine.Alerts;

namespace ExposureWeb.Live;

/// <summary>The alert instances of one portfolio that changed at the latest evaluation.</summary>
public sealed record PortfolioAlertsChanged(int PortfolioId, IReadOnlyList<AlertInstanceView> Changed);
