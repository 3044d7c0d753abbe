using System.Globalization;
using ExposureWeb.Auth;
using ExposureWeb.Components.Exposure;
using ExposureWeb.Components.Rendering;
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
    private bool _notFound;
    private IDisposable? _portfolioUpdates;
    private IDisposable? _chainUpdates;
    private RenderPacer? _pacer;
    private object? _shown;
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
        _portfolioUpdates = Feed.SubscribePortfolio(Id, live => InvokeAsync(() => { Show(live); StateHasChanged(); }));
        _chainUpdates = Feed.SubscribeChain(_portfolio.ChainName, s => InvokeAsync(() => { _chain = s; StateHasChanged(); }));
        // What arrived between prerender and now.
        if (Feed.Latest(Id) is { } latest) Show(latest);
        _chain = Feed.LatestChain(_portfolio.ChainName) ?? _chain;
        StateHasChanged();
    }

    /// <summary>
    /// Everything the markup shows, by reference (a new snapshot, history or portfolio is a new object). The chain's status
    /// arrives with every head, but the banner shows only whether the chain answers: a head alone renders nothing.
    /// </summary>
    private object Shown() => (_access, _notFound, _snapshot, _history, _historyCapacity, ChainStatusBanner.Shown(_chain));

    // Oracle ages tick in their own cells (LiveClock): the page renders only when what it shows changed, and at most four
    // times a second however fast blocks, heads and portfolio updates come (the newest state when the interval is over).
    protected override bool ShouldRender()
    {
        var shown = Shown();
        if (Equals(shown, _shown)) return false;
        _pacer ??= new RenderPacer(Time, InvokeAsync, StateHasChanged);
        if (!_pacer.ShouldRender()) return false;
        _shown = shown;
        return true;
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
        _pacer?.Dispose();
        _pacer = null;
    }

    public void Dispose() => Unsubscribe();
}
