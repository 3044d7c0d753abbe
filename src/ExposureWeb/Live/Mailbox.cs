namespace ExposureWeb.Live;

/// <summary>
/// One subscriber's delivery: values are handed to its handler one at a time, in order, and at most
/// <see cref="Capacity"/> wait behind the one being handled. When more arrive the oldest waiting is dropped, so a
/// slow subscriber (a circuit whose browser lags, a page busy with a long render) costs a bounded amount of memory and
/// holds up nobody else; with a capacity of one it simply gets the newest state when it catches up.
/// </summary>
/// <remarks>
/// States (a portfolio's snapshot, a chain's status) use capacity 1: only the newest matters. Events (alert changes,
/// toasts, stress progress) use a larger one, enough that a lagging page loses none in practice; the pages that take
/// them re-read what they show from the database on each one, so a dropped event costs at most a late refresh.
/// </remarks>
internal sealed class Mailbox<T>(Func<T, Task> handler, int capacity, ILogger logger) where T : class
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _waiting = new();
    private bool _delivering;
    private bool _closed;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Values dropped because the subscriber was behind by more than <see cref="Capacity"/>.</summary>
    public long Dropped { get; private set; }

    /// <summary>Values waiting now (at most <see cref="Capacity"/>).</summary>
    public int Waiting
    {
        get { lock (_lock) return _waiting.Count; }
    }

    public void Offer(T value)
    {
        lock (_lock)
        {
            if (_closed) return;
            if (_waiting.Count == Capacity)
            {
                _waiting.Dequeue();
                Dropped++;
            }
            _waiting.Enqueue(value);
            if (_delivering) return;
            _delivering = true;
        }
        // On the thread pool: the publisher goes on to the next subscriber at once, and a circuit's dispatcher (which may
        // run the handler inline) never runs under the publisher's locks.
        _ = Task.Run(DeliverAsync);
    }

    /// <summary>Stops delivery: what waits is dropped and nothing more is taken.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _waiting.Clear();
        }
    }

    private async Task DeliverAsync()
    {
        while (true)
        {
            T next;
            lock (_lock)
            {
                if (_closed || !_waiting.TryDequeue(out next!))
                {
                    _delivering = false;
                    return;
                }
            }
            try
            {
                await handler(next);
            }
            catch (Exception ex)
            {
                // One broken circuit must not stop its own later updates (nor, being on its own loop, anyone else's).
                logger.LogWarning(ex, "Exposure feed: a subscriber failed to take an update");
            }
        }
    }
}
