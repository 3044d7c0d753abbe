namespace ExposureWeb.Live;

/// <summary>
/// The subscribers of one topic (a portfolio, a chain, a workspace's toasts) and the newest value it carried. Publishing
/// never waits for a subscriber: each has its own <see cref="Mailbox{T}"/>.
/// </summary>
internal sealed class Listeners<T>(int capacity, ILogger logger) where T : class
{
    private readonly Lock _lock = new();
    private Mailbox<T>[] _subscribers = [];

    /// <summary>The newest value published (for a state topic: what a new subscriber starts from).</summary>
    public T? Latest { get; private set; }

    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>Adds a subscriber; <paramref name="initial"/>, when given, is its first delivery.</summary>
    public IDisposable Add(Func<T, Task> handler, T? initial = null)
    {
        var mailbox = new Mailbox<T>(handler, capacity, logger);
        lock (_lock) _subscribers = [.. _subscribers, mailbox];
        if (initial is not null) mailbox.Offer(initial);
        return new Subscription(() =>
        {
            mailbox.Close();
            lock (_lock) _subscribers = [.. _subscribers.Where(m => m != mailbox)];
        });
    }

    public void Publish(T value)
    {
        Latest = value;
        foreach (var mailbox in Volatile.Read(ref _subscribers)) mailbox.Offer(value);
    }

    /// <summary>Values waiting across this topic's subscribers, and how many were dropped for being behind.</summary>
    public (int Waiting, long Dropped) Backlog()
    {
        int waiting = 0;
        long dropped = 0;
        foreach (var mailbox in Volatile.Read(ref _subscribers))
        {
            waiting += mailbox.Waiting;
            dropped += mailbox.Dropped;
        }
        return (waiting, dropped);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
