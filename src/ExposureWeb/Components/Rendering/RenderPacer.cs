namespace ExposureWeb.Components.Rendering;

/// <summary>
/// Holds a live component to at most one render per <see cref="MinInterval"/> (four a second, the live path's promise per
/// circuit): the first change renders at once, and the changes that follow within the interval are folded into one render
/// when it is over, which shows the newest state. A burst of updates (several portfolios, a fast chain) never turns into a
/// burst of renders, nor into a queue of them.
/// </summary>
/// <param name="time">The clock (tests control it).</param>
/// <param name="dispatch">The component's <c>InvokeAsync</c>: the deferred render runs on its renderer.</param>
/// <param name="render">The component's <c>StateHasChanged</c>.</param>
public sealed class RenderPacer(TimeProvider time, Func<Action, Task> dispatch, Action render) : IDisposable
{
    /// <summary>At most four renders per second.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    private DateTimeOffset? _last;
    private ITimer? _deferred;
    private bool _disposed;

    /// <summary>
    /// For the component's <c>ShouldRender</c>: true when the interval since the last render is over (this render is
    /// counted); otherwise false, with a render asked for when it is over.
    /// </summary>
    public bool ShouldRender()
    {
        if (Due()) return Counted();
        Defer(render);
        return false;
    }

    /// <summary>Renders now when the interval is over, else once when it is (for a component whose other renders, a reader's clicks, are not held).</summary>
    public void Request()
    {
        if (Due())
        {
            Counted();
            render();
            return;
        }
        Defer(Request);
    }

    private bool Due() => _last is not { } last || time.GetUtcNow() - last >= MinInterval;

    private bool Counted()
    {
        _last = time.GetUtcNow();
        return true;
    }

    private void Defer(Action then)
    {
        if (_deferred is not null || _disposed) return;
        var wait = _last!.Value + MinInterval - time.GetUtcNow();
        _deferred = time.CreateTimer(_ => _ = dispatch(() =>
        {
            _deferred?.Dispose();
            _deferred = null;
            if (!_disposed) then();
        }), null, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _disposed = true;
        _deferred?.Dispose();
        _deferred = null;
    }
}
