using System.Globalization;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>One portfolio's live exposure: what the app's hub subscription (<see cref="ExposureFeed"/>) holds for it.</summary>
public sealed partial class PortfolioPage : IDisposable
{
    private PortfolioAccess? _access;
    private Data.Entities.Portfolio? _portfolio;
    private ExposureSnapshot? _snapshot;
    private IReadOnlyList<GreeksPoint> _history = [];
    private ChainStatus? _chain;
    private DateTimeOffset _now;
    private bool _notFound;
    private IDisposable? _snapshots;
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

    [Inject]
    private GreeksHistory GreeksHistory { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _now = Time.GetUtcNow();
        await ReloadPortfolioAsync();
        _notFound = _portfolio is null;
        _snapshot = _portfolio is null ? null : Feed.Latest(Id);
        _chain = _portfolio is null ? null : Feed.LatestChain(_portfolio.ChainName);
        _history = _portfolio is null ? [] : LoadHistory();
    }

    // Subscribing after the first interactive render keeps prerendering (which has no circuit) out of the feed.
    protected override void OnAfterRender(bool firstRender)
    {
        if (_portfolio is null || _subscribedId == Id) return;
        Unsubscribe();
        _subscribedId = Id;
        _snapshots = Feed.SubscribePortfolio(Id, s => InvokeAsync(() => { _snapshot = s; _history = WithSnapshot(_history, s); _now = Time.GetUtcNow(); StateHasChanged(); }));
        _chainUpdates = Feed.SubscribeChain(_portfolio.ChainName, s => InvokeAsync(() => { _chain = s; StateHasChanged(); }));
        // Oracle ages and staleness move with the clock even when no block arrives.
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(() => { _now = Time.GetUtcNow(); StateHasChanged(); }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        // What arrived between prerender and now.
        _snapshot = Feed.Latest(Id) ?? _snapshot;
        _chain = Feed.LatestChain(_portfolio.ChainName) ?? _chain;
        _history = LoadHistory();
        StateHasChanged();
    }

    private async Task ReloadPortfolioAsync()
    {
        _access = await Portfolios.FindAsync(await User.IdAsync(), Id);
        _portfolio = _access?.Portfolio;
    }

    // The engine's history, plus the snapshot on screen when it is newer (a feed from an engine in another process).
    // An older one is a message still in flight, not a reorg: the engine's history already has the chain's view.
    private IReadOnlyList<GreeksPoint> LoadHistory()
    {
        var history = GreeksHistory.Of(Id);
        return history.Count > 0 && history[^1].BlockNumber >= _snapshot?.BlockNumber ? history : WithSnapshot(history, _snapshot);
    }

    // Live snapshots are appended, so the line moves with every block; a re-read height replaces its point.
    private IReadOnlyList<GreeksPoint> WithSnapshot(IReadOnlyList<GreeksPoint> history, ExposureSnapshot? snapshot) =>
        snapshot is null ? history : GreeksHistory.Append(history, GreeksPoint.From(snapshot), GreeksHistory.Capacity);

    private string NearestLiquidation()
    {
        var nearest = _snapshot?.Liquidations.Where(l => l.Distance is not null).OrderBy(l => l.Distance).FirstOrDefault();
        return nearest is null ? "—" : $"{nearest.Distance!.Value.ToString("P1", CultureInfo.InvariantCulture)} ({nearest.Underlying} {nearest.Direction} {Format.Price(nearest.PriceUsd)})";
    }

    private void Unsubscribe()
    {
        _subscribedId = null;
        _snapshots?.Dispose();
        _chainUpdates?.Dispose();
        _clock?.Dispose();
    }

    public void Dispose() => Unsubscribe();
}
