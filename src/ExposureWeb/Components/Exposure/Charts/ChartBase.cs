using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>
/// The shaping half of a chart (house style 7): turns its input into a view model with <see cref="Shape"/>, at most
/// once per <see cref="MinRedrawInterval"/>, and has Plotly redraw only when that view changed. The derived component
/// only draws: <see cref="Apply"/> maps the view onto <see cref="Data"/> and <see cref="Layout"/>, its markup renders them,
/// and <see cref="DrawChangeAsync"/> may send Plotly only what changed (new points) instead of the whole figure.
/// </summary>
/// <remarks>
/// The page re-renders on every block; an input that did not change (by <see cref="InputKey"/>) costs nothing, and the
/// component itself renders only when its view changed. Inputs arriving faster than the interval are coalesced to the
/// newest, drawn when the interval is over; a draw still running in the browser (a slow or busy tab) is never joined by
/// another: the newest view is drawn once it answers. So a burst of blocks never queues Plotly calls, here or there.
/// </remarks>
/// <typeparam name="TView">What the chart draws, already in display units and text.</typeparam>
public abstract class ChartBase<TView> : ComponentBase, IAsyncDisposable where TView : class
{
    /// <summary>At most four redraws per second per chart: the same interval as a live page's renders.</summary>
    public static readonly TimeSpan MinRedrawInterval = Rendering.RenderPacer.MinInterval;

    private object? _shapedKey;
    private bool _shapedDark;
    private DateTimeOffset? _shapedAt;
    private ITimer? _timer;
    private bool _parametersSet;
    private bool _renderPending;
    private bool _drawPending;
    private bool _drawing;
    private PlotlyChart? _plotted;
    // What the browser's plot shows (view and theme); null when unknown, and the next draw is then a whole one.
    private TView? _drawn;
    private bool _drawnDark;
    private readonly Dictionary<string, IJSObjectReference> _modules = new(StringComparer.Ordinal);

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private ILogger<ChartBase<TView>> Logger { get; set; } = default!;

    /// <summary>From the layout's dark-mode toggle: text and grid colours follow the theme.</summary>
    [CascadingParameter(Name = "DarkMode")]
    public bool Dark { get; set; }

    /// <summary>The view drawn now; null before there is anything to draw.</summary>
    protected TView? View { get; private set; }

    /// <summary>How many times the view was shaped (tests watch the throttle through it).</summary>
    public int ShapeCount { get; private set; }

    protected PlotlyChart? Plot { get; set; }

    protected IList<Plotly.Blazor.ITrace> Data { get; } = new List<Plotly.Blazor.ITrace>();

    protected Plotly.Blazor.Layout Layout { get; } = new();

    protected Config Config { get; } = new() { Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    /// <summary>What the view is shaped from, compared with <see cref="object.Equals(object?, object?)"/>: a new key means a new view.</summary>
    protected abstract object? InputKey { get; }

    /// <summary>The view of the current input; null when there is nothing to draw.</summary>
    protected abstract TView? Shape();

    /// <summary>Puts <paramref name="view"/> into <see cref="Data"/> and <see cref="Layout"/> (theme colours are already set).</summary>
    protected abstract void Apply(TView view);

    /// <summary>
    /// Brings the browser's plot, which shows <paramref name="drawn"/>, to <paramref name="view"/> with a call smaller than
    /// a whole redraw (extending traces, say), in the same theme; false when it cannot, and the whole figure is drawn.
    /// </summary>
    protected virtual ValueTask<bool> DrawChangeAsync(PlotlyChart plot, TView drawn, TView view) => ValueTask.FromResult(false);

    protected override void OnParametersSet()
    {
        Refresh(force: false);
        // The first render happens whatever ShouldRender says: it draws what the first parameters shaped.
        if (!_parametersSet) _renderPending = false;
        _parametersSet = true;
    }

    // The parent renders for its own reasons (every block, a clock); this chart's markup changes only with its view.
    protected override bool ShouldRender()
    {
        if (!_renderPending) return false;
        _renderPending = false;
        return true;
    }

    /// <summary>
    /// Reshapes if the input or theme changed: now when <paramref name="force"/>d (a user's choice) or the interval is
    /// over, else when it is. A new view equal to the one drawn (a view record with value equality) is not redrawn.
    /// </summary>
    /// <returns>True when a different view was shaped now and is to be drawn.</returns>
    protected bool Refresh(bool force)
    {
        if (!force && Equals(InputKey, _shapedKey) && Dark == _shapedDark && _shapedAt is not null) return false;
        var now = Time.GetUtcNow();
        var due = _shapedAt + MinRedrawInterval;
        if (force || due is null || now >= due)
        {
            _timer?.Dispose();
            _timer = null;
            var view = Shape();
            var changed = force || _shapedAt is null || Dark != _shapedDark || !Equals(view, View);
            var plotShown = Plot is not null && View is not null;
            View = view;
            _shapedKey = InputKey;
            _shapedDark = Dark;
            _shapedAt = now;
            ShapeCount++;
            if (!changed) return false;
            // Not plotted (yet, or again): the PlotlyChart about to be rendered plots Data itself. Once plotted, Data is filled
            // only for a whole redraw, so a draw by change costs no figure here.
            if (!plotShown && View is not null) ApplyView(View);
            _renderPending = true;
            _drawPending = true;
            return true;
        }
        _timer ??= Time.CreateTimer(_ => _ = InvokeAsync(OnIntervalOver), null, due.Value - now, Timeout.InfiniteTimeSpan);
        return false;
    }

    private void ApplyView(TView view)
    {
        ChartTheme.Apply(Layout, Dark);
        Apply(view);
    }

    private void OnIntervalOver()
    {
        _timer?.Dispose();
        _timer = null;
        if (Refresh(force: false)) StateHasChanged();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (Plot is null)
        {
            _plotted = null;
            return;
        }
        if (!ReferenceEquals(Plot, _plotted))
        {
            // A new PlotlyChart plots what Data holds on its own first render: the view applied when it was rendered.
            _plotted = Plot;
            _drawn = View;
            _drawnDark = Dark;
            _drawPending = false;
            return;
        }
        if (_drawPending && !_drawing) await DrawNewestAsync(Plot);
    }

    /// <summary>Draws the newest view, then again while a newer one arrived meanwhile: one Plotly call in flight per chart.</summary>
    private async Task DrawNewestAsync(PlotlyChart plot)
    {
        _drawing = true;
        try
        {
            while (_drawPending && View is { } view && ReferenceEquals(plot, Plot))
            {
                _drawPending = false;
                var dark = Dark;
                try
                {
                    if (_drawn is null || _drawnDark != dark || !await DrawChangeAsync(plot, _drawn, view))
                    {
                        ApplyView(view);
                        await plot.React();
                    }
                    (_drawn, _drawnDark) = (view, dark);
                }
                catch (JSDisconnectedException)
                {
                    // The browser left: there is no chart to redraw.
                    return;
                }
                catch (Exception ex) when (ex is OperationCanceledException or JSException)
                {
                    // The browser did not answer in time (a throttled or frozen tab) or the call failed there: what it shows
                    // is unknown, so the next draw is a whole one, of whatever view is newest then.
                    _drawn = null;
                    Logger.LogDebug("Chart draw not confirmed by the browser ({Error}); the next one redraws it whole", ex.Message);
                }
            }
        }
        finally
        {
            _drawing = false;
        }
    }

    /// <summary>A JavaScript module of the app (its path from the web root), imported once per chart.</summary>
    protected async ValueTask<IJSObjectReference> ModuleAsync(string path)
    {
        if (!_modules.TryGetValue(path, out var module))
        {
            module = await Js.InvokeAsync<IJSObjectReference>("import", path);
            _modules[path] = module;
        }
        return module;
    }

    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        foreach (var module in _modules.Values)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and the module with it.
            }
        }
        GC.SuppressFinalize(this);
    }
}
