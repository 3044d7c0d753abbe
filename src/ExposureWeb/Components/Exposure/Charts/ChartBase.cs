using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>
/// The shaping half of a chart (house style 7): turns its input into a view model with <see cref="Shape"/>, at most
/// once per <see cref="MinRedrawInterval"/>, and has Plotly redraw only when that view changed. The derived component
/// only draws: <see cref="Apply"/> maps the view onto <see cref="Data"/> and <see cref="Layout"/>, its markup renders them.
/// </summary>
/// <remarks>
/// The page re-renders every second for its clock and on every block; an input that did not change (by
/// <see cref="InputKey"/>) costs nothing. Inputs arriving faster than the interval are coalesced to the newest, drawn
/// when the interval is over: a burst of blocks never queues Plotly redraws in the browser.
/// </remarks>
/// <typeparam name="TView">What the chart draws, already in display units and text.</typeparam>
public abstract class ChartBase<TView> : ComponentBase, IDisposable where TView : class
{
    /// <summary>At most four redraws per second per chart, as the live feed promises per circuit.</summary>
    public static readonly TimeSpan MinRedrawInterval = TimeSpan.FromMilliseconds(250);

    private object? _shapedKey;
    private bool _shapedDark;
    private DateTimeOffset? _shapedAt;
    private ITimer? _timer;
    private bool _drawPending;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

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

    protected override void OnParametersSet() => Refresh(force: false);

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
            View = view;
            _shapedKey = InputKey;
            _shapedDark = Dark;
            _shapedAt = now;
            ShapeCount++;
            if (!changed) return false;
            if (View is not null)
            {
                ChartTheme.Apply(Layout, Dark);
                Apply(View);
            }
            _drawPending = true;
            return true;
        }
        _timer ??= Time.CreateTimer(_ => _ = InvokeAsync(OnIntervalOver), null, due.Value - now, Timeout.InfiniteTimeSpan);
        return false;
    }

    private void OnIntervalOver()
    {
        _timer?.Dispose();
        _timer = null;
        if (Refresh(force: false)) StateHasChanged();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // On its first render the PlotlyChart plots whatever Apply put in Data and Layout; later views need a react.
        if (firstRender || !_drawPending || Plot is null)
        {
            _drawPending &= !firstRender;
            return;
        }
        _drawPending = false;
        try
        {
            await Plot.React();
        }
        catch (JSDisconnectedException)
        {
            // The browser left: there is no chart to redraw.
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
