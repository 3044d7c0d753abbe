using ExposureWeb.Data.Entities;

namespace ExposureWeb.Data.Dashboards;

/// <summary>A dashboard as a user may see it, with their role in its workspace.</summary>
public sealed record DashboardView(
    int Id, int WorkspaceId, string WorkspaceName, string Name, int? DefaultForPortfolioId, DashboardLayout Layout, int Version,
    DateTimeOffset UpdatedAt, WorkspaceRole Role)
{
    public bool CanEdit => Role >= WorkspaceRole.Editor;
}

/// <summary>A line of the dashboards list.</summary>
public sealed record DashboardSummary(
    int Id, int WorkspaceId, string WorkspaceName, string Name, int? DefaultForPortfolioId, int Widgets, DateTimeOffset UpdatedAt, WorkspaceRole Role);

/// <summary>Raised with a dashboard's id after a snapshot of it is taken or deleted, so the lists of its snapshots follow.</summary>
public sealed class SnapshotChangeSignal
{
    public event Action<int>? Changed;

    public void Raise(int? dashboardId)
    {
        if (dashboardId is { } id) Changed?.Invoke(id);
    }
}

/// <summary>Raised with a dashboard's id after it is saved, renamed or deleted, so open views follow at once.</summary>
public sealed class DashboardChangeSignal
{
    public event Action<int>? Changed;

    public void Raise(int dashboardId) => Changed?.Invoke(dashboardId);
}
