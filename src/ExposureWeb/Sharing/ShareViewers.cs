using ExposureWeb.Data.Sharing;
using ExposureWeb.Hubs;

namespace ExposureWeb.Sharing;

/// <summary>
/// The share-link pages open on this server, by link, so that a link's end reaches every viewer at once: revoking or
/// rotating (through <see cref="ShareLinkSignal"/>) and expiring (a timer per viewer, due at the link's expiry) call each
/// viewer's page, which drops its live data and sends the browser away.
/// </summary>
public sealed class ShareViewers : IDisposable
{
    private readonly KeyedRegistry<int, Viewer> _viewers = new();
    private readonly ShareLinkSignal _signal;
    private readonly TimeProvider _time;

    /// <summary>Raised with a link's id when a viewer opens or leaves it (or is cut), for pages that show the count.</summary>
    public event Action<int>? Changed;

    public ShareViewers(ShareLinkSignal signal, TimeProvider time)
    {
        _signal = signal;
        _time = time;
        signal.Ended += End;
    }

    /// <summary>A viewer of <paramref name="linkId"/>; <paramref name="ended"/> is called once when the link ends. Dispose when the page closes.</summary>
    public IDisposable Add(int linkId, DateTimeOffset expiresAt, Action<ShareLinkEnd> ended)
    {
        var id = Guid.NewGuid().ToString("N");
        var viewer = new Viewer(ended);
        _viewers.Add(linkId, id, viewer);
        Changed?.Invoke(linkId);
        var due = expiresAt - _time.GetUtcNow();
        viewer.Expiry = _time.CreateTimer(_ =>
        {
            _viewers.Remove(linkId, id);
            Changed?.Invoke(linkId);
            viewer.End(ShareLinkEnd.Expired);
        }, null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        return new Registration(() =>
        {
            viewer.Expiry.Dispose();
            _viewers.Remove(linkId, id);
            Changed?.Invoke(linkId);
        });
    }

    /// <summary>Pages of the link open now (the sharing page shows it; tests wait on it).</summary>
    public int Count(int linkId) => _viewers.Count(linkId);

    private void End(int linkId, ShareLinkEnd why)
    {
        foreach (var viewer in _viewers.TakeAll(linkId))
        {
            viewer.Expiry?.Dispose();
            viewer.End(why);
        }
        Changed?.Invoke(linkId);
    }

    public void Dispose() => _signal.Ended -= End;

    private sealed class Viewer(Action<ShareLinkEnd> ended)
    {
        private int _ended;

        public ITimer? Expiry { get; set; }

        public void End(ShareLinkEnd why)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) ended(why);
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) remove();
        }
    }
}
