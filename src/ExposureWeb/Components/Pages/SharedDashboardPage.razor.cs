using ExposureWeb.Auth;
using ExposureWeb.Components.Rendering;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Sharing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using ExposureWeb.Sharing;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A dashboard opened by a share link, by someone without an account: read-only, live, with the variables the sharer
/// pinned. It shows the dashboard's widgets and portfolios and nothing else of the workspace. When the link is revoked,
/// rotated or expires the page drops its data and subscriptions at once, sends the browser to the "link ended" page, and
/// ends its circuit if the browser does not leave by itself.
/// </summary>
public sealed partial class SharedDashboardPage : IAsyncDisposable
{
    /// <summary>Time the browser gets to follow the "link ended" navigation before its circuit is ended from here.</summary>
    public static readonly TimeSpan CircuitGrace = TimeSpan.FromSeconds(2);

    [Parameter] public string Secret { get; set; } = "";

    /// <summary>Why the link ended, when this load follows a live viewer being cut (only words of the message depend on it).</summary>
    [SupplyParameterFromQuery(Name = "ended")] public string? EndedQuery { get; set; }

    [Inject] private ShareLinkStore Links { get; set; } = default!;
    [Inject] private ShareViewers Viewers { get; set; } = default!;
    [Inject] private ShareProofs Proofs { get; set; } = default!;
    [Inject] private CircuitClient Client { get; set; } = default!;
    [Inject] private ExposureFeed Feed { get; set; } = default!;
    [Inject] private AlertHistoryStore AlertHistory { get; set; } = default!;
    [Inject] private Data.Dashboards.DashboardSnapshotStore Snapshots { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private readonly Dictionary<int, LivePortfolio?> _live = [];
    private readonly Dictionary<int, IReadOnlyList<AlertInstanceRecord>> _alerts = [];
    private readonly List<IDisposable> _subscriptions = [];
    private IDisposable? _viewer;
    private SharedDashboard? _shared;
    private Data.Dashboards.DashboardSnapshotView? _snapshot;
    private string? _provenAddress;
    private bool _admitted;
    private bool _loaded;
    private bool _disposed;
    private RenderPacer? _pacer;

    private ShareLinkEnd? Ended => Enum.TryParse<ShareLinkEnd>(EndedQuery, ignoreCase: true, out var why) ? why : null;

    protected override async Task OnParametersSetAsync()
    {
        _shared = await Links.OpenAsync(Secret);
        if (_shared is not null)
        {
            _provenAddress = Proofs.AddressFor(Client.ShareProof, _shared.LinkId);
            _admitted = _shared.Admits(_provenAddress);
            if (_admitted)
            {
                if (_shared.SnapshotId is { } snapshotId)
                {
                    _snapshot = await Snapshots.FindForShareLinkAsync(snapshotId);
                }
                else
                {
                    foreach (var id in _shared.Portfolios.Keys) _live[id] = Feed.Latest(id);
                    await LoadAlertsAsync();
                }
                // Counted once per page load: the prerender is the page's HTTP request (the interactive pass follows it).
                if (!RendererInfo.IsInteractive) await Links.RecordViewAsync(_shared.LinkId, _provenAddress, Client.Address);
            }
        }
        _loaded = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || _shared is null || !_admitted) return;
        var linkId = _shared.LinkId;
        // A snapshot is frozen: nothing to follow, but the link's end still cuts the viewer.
        // Several portfolios pushing updates render the page at most four times a second, the newest of each.
        _pacer = new RenderPacer(Time, InvokeAsync, StateHasChanged);
        foreach (var id in _shared.SnapshotId is null ? _shared.Portfolios.Keys : [])
        {
            _subscriptions.Add(Feed.SubscribePortfolio(id, live => InvokeAsync(() =>
            {
                if (_shared is null) return;
                _live[id] = live;
                _pacer?.Request();
            })));
        }
        _viewer = Viewers.Add(linkId, _shared.ExpiresAt, OnEnded);
    }

    private async Task LoadAlertsAsync()
    {
        foreach (var id in _shared!.Layout.Widgets.Where(w => w.Kind == Data.Dashboards.WidgetKind.Alerts)
                     .Select(w => w.PortfolioId ?? _shared.PortfolioVariable).OfType<int>().Where(_shared.Portfolios.ContainsKey).Distinct())
        {
            var instances = await AlertHistory.InstancesForShareLinkAsync(id);
            _alerts[id] = instances.Where(i => i.Instance.State != nameof(Risk.Alerts.AlertState.Normal)).ToList();
        }
    }

    private LivePortfolio? LiveOf(int? portfolioId) =>
        portfolioId is { } id && _shared?.Portfolios.ContainsKey(id) == true ? _live.GetValueOrDefault(id) : null;

    private string? NameOf(int? portfolioId) => portfolioId is { } id ? _shared?.Portfolios.GetValueOrDefault(id) : null;

    private IReadOnlyList<AlertInstanceRecord>? AlertsOf(int? portfolioId) => portfolioId is { } id ? _alerts.GetValueOrDefault(id) : null;

    private async Task<IReadOnlyList<PositionRow>> LoadPositionsAsync(int portfolioId, int offset, int count) =>
        _shared?.Portfolios.ContainsKey(portfolioId) == true ? (await Feed.PositionsAsync(portfolioId, offset, count)).Rows : [];

    private string EndedText() => Ended switch
    {
        ShareLinkEnd.Revoked => "This link was revoked by the people who shared it.",
        ShareLinkEnd.Rotated => "This link was replaced by a new one.",
        ShareLinkEnd.Expired => "This link has expired.",
        _ => "This link does not work: it expired, was revoked or was replaced by a new one.",
    };

    /// <summary>The link ended: nothing more of the dashboard reaches this circuit, and the browser is sent away.</summary>
    private void OnEnded(ShareLinkEnd why) => _ = InvokeAsync(async () =>
    {
        if (_disposed) return;
        Drop();
        _shared = null;
        StateHasChanged();
        Navigation.NavigateTo($"{SharePaths.Page(Secret)}?ended={why.ToString().ToLowerInvariant()}", forceLoad: true);
        await Task.Delay(CircuitGrace, Time);
        // Still here: the browser did not follow. An unhandled error ends a Blazor circuit, which is what is wanted now.
        if (!_disposed) await DispatchExceptionAsync(new ShareLinkEndedException(why));
    });

    private void Drop()
    {
        _viewer?.Dispose();
        _viewer = null;
        _pacer?.Dispose();
        _pacer = null;
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _subscriptions.Clear();
        _live.Clear();
        _alerts.Clear();
        _snapshot = null;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        Drop();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Ends the circuit of a share-link viewer whose browser did not leave when the link ended.</summary>
public sealed class ShareLinkEndedException(ShareLinkEnd why) : Exception($"the share link was {why.ToString().ToLowerInvariant()}; its viewer's circuit is ended");
