using ExposureWeb.Auth;
using ExposureWeb.Components.Dashboards;
using ExposureWeb.Components.Rendering;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Dashboards;
using ExposureWeb.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A dashboard: its widgets on the grid, fed live by this process's <see cref="ExposureFeed"/> for every portfolio they
/// show. The viewer picks the variables (kept in the URL, so a view can be bookmarked); editors arrange, and each change
/// is saved at once (refused if a teammate saved first) and reaches every open view through <see cref="DashboardChangeSignal"/>.
/// </summary>
public sealed partial class DashboardPage : IAsyncDisposable
{
    [Parameter] public int Id { get; set; }

    [SupplyParameterFromQuery(Name = "portfolio")] public int? PortfolioQuery { get; set; }

    [SupplyParameterFromQuery(Name = "underlying")] public string? UnderlyingQuery { get; set; }

    [Inject] private DashboardStore Dashboards { get; set; } = default!;
    [Inject] private DashboardChangeSignal Changes { get; set; } = default!;
    [Inject] private Data.Sharing.ShareLinkStore ShareLinks { get; set; } = default!;
    [Inject] private Data.Sharing.ShareLinkSignal ShareSignal { get; set; } = default!;
    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private AlertHistoryStore AlertHistory { get; set; } = default!;
    [Inject] private ExposureFeed Feed { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private readonly Dictionary<int, LivePortfolio?> _live = [];
    private readonly Dictionary<int, IDisposable> _subscriptions = [];
    private readonly Dictionary<int, IReadOnlyList<AlertInstanceRecord>> _alerts = [];
    private int _userId;
    private bool _loaded;
    private DashboardView? _dashboard;
    private IReadOnlyList<PortfolioAccess> _portfolios = [];
    private int? _portfolioVar;
    private string? _underlyingVar;
    private RenderPacer? _pacer;
    private bool _arranging;
    private WidgetKind _newKind = WidgetKind.SummaryCards;
    private string? _configuring;
    private WidgetSettings _config = new();
    private ElementReference _grid;
    private IJSObjectReference? _module;
    private IJSObjectReference? _dragging;
    private DotNetObjectReference<DashboardPage>? _self;
    private bool _subscriptionsStale = true;
    private bool _sharing;
    private int _liveLinks;

    protected override async Task OnParametersSetAsync()
    {
        _userId = await User.IdAsync();
        await LoadAsync();
        _loaded = true;
    }

    protected override void OnInitialized()
    {
        Changes.Changed += OnDashboardChanged;
        ShareSignal.Changed += OnShareLinksChanged;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_dashboard is null) return;
        // Live data only once interactive (prerendering has no circuit to push to), and only when what is shown changed,
        // not on every render a block's update causes.
        if (_subscriptionsStale) Subscribe();
        if (_arranging && _dragging is null)
        {
            _module ??= await Js.InvokeAsync<IJSObjectReference>("import", "./js/dashboard-grid.js");
            _self ??= DotNetObjectReference.Create(this);
            _dragging = await _module.InvokeAsync<IJSObjectReference>("attach", _grid, _self);
        }
    }

    /// <summary>Loads the dashboard (or takes the one just read) with its portfolios, variables, live state and alerts.</summary>
    private async Task LoadAsync(DashboardView? read = null)
    {
        _dashboard = read ?? await Dashboards.FindAsync(_userId, Id);
        _subscriptionsStale = true;
        if (_dashboard is null)
        {
            Unsubscribe();
            return;
        }
        _portfolios = (await Portfolios.ListAsync(_userId)).Where(p => p.Portfolio.WorkspaceId == _dashboard.WorkspaceId).ToList();
        var ids = _portfolios.Select(p => p.Portfolio.Id).ToHashSet();
        _portfolioVar = PortfolioQuery is { } q && ids.Contains(q) ? q : _dashboard.Layout.Variables.PortfolioId ?? _portfolios.FirstOrDefault()?.Portfolio.Id;
        _underlyingVar = string.IsNullOrWhiteSpace(UnderlyingQuery) ? _dashboard.Layout.Variables.Underlying : UnderlyingQuery.Trim().ToUpperInvariant();
        foreach (var id in Shown()) _live[id] = Feed.Latest(id);
        await LoadAlertsAsync();
        await CountLiveLinksAsync();
    }

    private async Task CountLiveLinksAsync() => _liveLinks = (await ShareLinks.LiveCountsAsync([Id])).GetValueOrDefault(Id);

    private void OnShareLinksChanged(int workspaceId)
    {
        if (workspaceId != _dashboard?.WorkspaceId) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                await CountLiveLinksAsync();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    /// <summary>The portfolios the widgets show: their own, or the variable's.</summary>
    private HashSet<int> Shown() =>
        _dashboard?.Layout.Widgets.Select(w => w.PortfolioId ?? _portfolioVar).OfType<int>().ToHashSet() ?? [];

    private async Task LoadAlertsAsync()
    {
        _alerts.Clear();
        if (_dashboard is null) return;
        foreach (var id in _dashboard.Layout.Widgets.Where(w => w.Kind == WidgetKind.Alerts).Select(w => w.PortfolioId ?? _portfolioVar).OfType<int>().Distinct())
        {
            var instances = await AlertHistory.InstancesAsync(_userId, id) ?? [];
            _alerts[id] = instances.Where(i => i.Instance.State != nameof(Risk.Alerts.AlertState.Normal)).ToList();
        }
    }

    private void Subscribe()
    {
        _subscriptionsStale = false;
        var wanted = Shown();
        foreach (var gone in _subscriptions.Keys.Except(wanted).ToList())
        {
            _subscriptions[gone].Dispose();
            _subscriptions.Remove(gone);
        }
        foreach (var id in wanted.Except(_subscriptions.Keys).ToList())
        {
            // Every portfolio shown pushes up to four updates a second: together they render at most four times a second
            // (the newest of each), while the reader's own clicks render at once.
            _pacer ??= new RenderPacer(Time, InvokeAsync, StateHasChanged);
            _subscriptions[id] = Feed.SubscribePortfolio(id, live => InvokeAsync(() =>
            {
                _live[id] = live;
                _pacer?.Request();
            }));
        }
    }

    private void Unsubscribe()
    {
        foreach (var subscription in _subscriptions.Values) subscription.Dispose();
        _subscriptions.Clear();
        _pacer?.Dispose();
        _pacer = null;
    }

    private async Task<IReadOnlyList<Engine.Snapshots.PositionRow>> LoadPositionsAsync(int portfolioId, int offset, int count) =>
        (await Feed.PositionsAsync(portfolioId, offset, count)).Rows;

    private LivePortfolio? LiveOf(int? portfolioId) => portfolioId is { } id ? _live.GetValueOrDefault(id) : null;

    private string? NameOf(int? portfolioId) => _portfolios.FirstOrDefault(p => p.Portfolio.Id == portfolioId)?.Portfolio.Name;

    private IReadOnlyList<AlertInstanceRecord>? AlertsOf(int? portfolioId) => portfolioId is { } id ? _alerts.GetValueOrDefault(id) : null;

    private IEnumerable<string> Underlyings() =>
        _live.Values.OfType<LivePortfolio>().SelectMany(l => l.Snapshot?.Assets.Select(a => a.Underlying) ?? []).Distinct().Order();

    // ---- variables ----

    private void SetPortfolioVariable(int? portfolioId) => NavigateWith(portfolioId, _underlyingVar);

    private void SetUnderlyingVariable(string? underlying) => NavigateWith(_portfolioVar, underlying);

    private void NavigateWith(int? portfolioId, string? underlying) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["portfolio"] = portfolioId, ["underlying"] = underlying }));

    private Task SaveVariablesAsync() =>
        SaveAsync(_dashboard!.Layout with { Variables = new DashboardVariables(_portfolioVar, _underlyingVar) }, "These are now the dashboard's defaults.");

    // ---- arranging ----

    private async Task SetArrangingAsync(bool on)
    {
        _arranging = on;
        _configuring = null;
        if (!on && _dragging is not null)
        {
            await _dragging.InvokeVoidAsync("dispose");
            await _dragging.DisposeAsync();
            _dragging = null;
        }
    }

    private Task NudgeAsync(DashboardWidget widget, int dx, int dy, int dw, int dh) =>
        PlaceWidget(widget.Id, widget.X + dx, widget.Y + dy, widget.W + dw, widget.H + dh);

    /// <summary>Called by the drag script with the cell a widget was dropped on or resized to.</summary>
    [JSInvokable]
    public Task PlaceWidget(string widgetId, int x, int y, int w, int h)
    {
        if (_dashboard?.Layout.Widgets.Any(widget => widget.Id == widgetId) != true) return Task.CompletedTask;
        var widgets = GridPlacement.Place(_dashboard.Layout.Widgets, widgetId, x, y, w, h);
        return SaveAsync(_dashboard.Layout with { Widgets = widgets }, null);
    }

    private Task AddWidgetAsync()
    {
        var layout = _dashboard!.Layout;
        var (x, y) = GridPlacement.Append(layout.Widgets);
        var id = NewId(layout, _newKind);
        var widget = new DashboardWidget(id, _newKind, x, y, DefaultWidth(_newKind), DefaultHeight(_newKind));
        return SaveAsync(layout with { Widgets = [.. layout.Widgets, widget] }, $"{KindName(_newKind)} added at the bottom.");
    }

    private Task RemoveWidgetAsync(DashboardWidget widget) =>
        SaveAsync(_dashboard!.Layout with { Widgets = _dashboard.Layout.Widgets.Where(w => w.Id != widget.Id).ToList() }, null);

    private void ToggleConfigure(DashboardWidget widget)
    {
        _configuring = _configuring == widget.Id ? null : widget.Id;
        _config = new WidgetSettings { Title = widget.Title, PortfolioId = widget.PortfolioId ?? 0, Underlying = widget.Underlying };
    }

    private async Task ConfigureAsync(DashboardWidget widget)
    {
        var changed = widget with
        {
            Title = string.IsNullOrWhiteSpace(_config.Title) ? null : _config.Title.Trim(),
            PortfolioId = _config.PortfolioId == 0 ? null : _config.PortfolioId,
            Underlying = string.IsNullOrWhiteSpace(_config.Underlying) ? null : _config.Underlying.Trim().ToUpperInvariant(),
        };
        if (await SaveAsync(_dashboard!.Layout with { Widgets = _dashboard.Layout.Widgets.Select(w => w.Id == widget.Id ? changed : w).ToList() }, null))
        {
            _configuring = null;
        }
    }

    private async Task DuplicateAsync()
    {
        var (result, copy) = await Dashboards.DuplicateAsync(_userId, Id);
        if (!result.Ok)
        {
            Snackbar.Add(result.Error!, Severity.Warning);
            return;
        }
        Navigation.NavigateTo($"/dashboards/{copy!.Id}");
    }

    private async Task<bool> SaveAsync(DashboardLayout layout, string? done)
    {
        var (result, saved) = await Dashboards.SaveLayoutAsync(_userId, Id, _dashboard!.Version, layout);
        if (!result.Ok)
        {
            Snackbar.Add(result.Conflict ? "A teammate changed this dashboard first: it now shows their version; make your change again." : result.Error!, Severity.Warning);
            await LoadAsync();
            return false;
        }
        _dashboard = saved;
        _subscriptionsStale = true;
        foreach (var id in Shown()) _live.TryAdd(id, Feed.Latest(id));
        await LoadAlertsAsync();
        if (done is not null) Snackbar.Add(done, Severity.Success);
        return true;
    }

    private void OnDashboardChanged(int dashboardId)
    {
        if (dashboardId != Id) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                // Our own save already shows; a teammate's (or a delete) is loaded now.
                var current = await Dashboards.FindAsync(_userId, Id);
                if (current?.Version == _dashboard?.Version) return;
                await LoadAsync(current);
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });
    }

    private static string NewId(DashboardLayout layout, WidgetKind kind)
    {
        var stem = kind.ToString().ToLowerInvariant();
        for (var n = 1; ; n++)
        {
            var id = n == 1 ? stem : $"{stem}-{n}";
            if (layout.Widgets.All(w => w.Id != id)) return id;
        }
    }

    private static int DefaultWidth(WidgetKind kind) => kind is WidgetKind.Payoff or WidgetKind.StressHeatmap or WidgetKind.Alerts or WidgetKind.StrategyStatus or WidgetKind.GovernanceReports ? 6 : 12;

    private static int DefaultHeight(WidgetKind kind) => kind switch
    {
        WidgetKind.SummaryCards => 2,
        WidgetKind.Alerts or WidgetKind.StrategyStatus or WidgetKind.GovernanceReports or WidgetKind.DeltaByAsset or WidgetKind.LiquidationRisk => 3,
        _ => 4,
    };

    internal static string KindName(WidgetKind kind) => DashboardWidgetNames.Of(kind);

    public async ValueTask DisposeAsync()
    {
        Changes.Changed -= OnDashboardChanged;
        ShareSignal.Changed -= OnShareLinksChanged;
        Unsubscribe();
        try
        {
            if (_dragging is not null) await _dragging.DisposeAsync();
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone: nothing to detach.
        }
        _self?.Dispose();
    }

    private sealed class WidgetSettings
    {
        public string? Title { get; set; }

        public int PortfolioId { get; set; }

        public string? Underlying { get; set; }
    }
}
