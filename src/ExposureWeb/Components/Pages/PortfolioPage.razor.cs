using System.Globalization;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// One portfolio's live exposure. Everything live on it (snapshot, Greeks history, chain status) is what the hub serves,
/// as this process's <see cref="ExposureFeed"/> holds it: the page reaches no engine state of its own.
/// </summary>
public sealed partial class PortfolioPage : IDisposable
{
    private PortfolioAccess? _access;
    private Data.Entities.Portfolio? _portfolio;
    private ExposureSnapshot? _snapshot;
    private IReadOnlyList<GreeksPoint> _history = [];
    private int _historyCapacity;
    private ChainStatus? _chain;
    private DateTimeOffset _now;
    private bool _notFound;
    private IDisposable? _portfolioUpdates;
    private IDisposable? _chainUpdates;
    private ITimer? _clock;
    private int? _subscribedId;

    [Parameter, EditorRequired]
    public int Id { get; set; }

    [Inject]
    private UserPortfolios Portfolios { get; set; } = default!;

    [Inject]
    private CurrentUser User { get; set; } = default!;

    [Inject]
    private ExposureFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _now = Time.GetUtcNow();
        await ReloadPortfolioAsync();
        _notFound = _portfolio is null;
        Show(_portfolio is null ? null : Feed.Latest(Id));
        _chain = _portfolio is null ? null : Feed.LatestChain(_portfolio.ChainName);
    }

    // Subscribing after the first interactive render keeps prerendering (which has no circuit) out of the feed.
    protected override void OnAfterRender(bool firstRender)
    {
        if (_portfolio is null || _subscribedId == Id) return;
        Unsubscribe();
        _subscribedId = Id;
        _portfolioUpdates = Feed.SubscribePortfolio(Id, live => InvokeAsync(() => { Show(live); _now = Time.GetUtcNow(); StateHasChanged(); }));
        _chainUpdates = Feed.SubscribeChain(_portfolio.ChainName, s => InvokeAsync(() => { _chain = s; StateHasChanged(); }));
        // Oracle ages and staleness move with the clock even when no block arrives.
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(() => { _now = Time.GetUtcNow(); StateHasChanged(); }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        // What arrived between prerender and now.
        if (Feed.Latest(Id) is { } latest) Show(latest);
        _chain = Feed.LatestChain(_portfolio.ChainName) ?? _chain;
        StateHasChanged();
    }

    private void Show(LivePortfolio? live)
    {
        _snapshot = live?.Snapshot;
        _history = live?.History ?? [];
        _historyCapacity = live?.HistoryCapacity ?? 0;
    }

    private async Task ReloadPortfolioAsync()
    {
        _access = await Portfolios.FindAsync(await User.IdAsync(), Id);
        _portfolio = _access?.Portfolio;
    }

    /// <summary>Positions beyond those the live snapshot carries, from the hub (the same snapshot, paged).</summary>
    private async Task<IReadOnlyList<PositionRow>> LoadPositionsAsync(int offset, int count) => (await Feed.PositionsAsync(Id, offset, count)).Rows;

    private void Unsubscribe()
    {
        _subscribedId = null;
        _portfolioUpdates?.Dispose();
        _chainUpdates?.Dispose();
        _clock?.Dispose();
    }

    public void Dispose() => Unsubscribe();
}
