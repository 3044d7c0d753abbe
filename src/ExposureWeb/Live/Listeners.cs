using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.Live;

/// <summary>The circuits listening to one hub group, and the newest value the group carried.</summary>
internal sealed class Listeners<T>(Func<HubConnection, Task<T?>> join) where T : class
{
    private readonly Lock _lock = new();
    private readonly List<Func<T, Task>> _handlers = [];
    private int _joining;

    public T? Latest { get; private set; }

    public Func<HubConnection, Task<T?>> Join { get; } = join;

    public IDisposable Add(Func<T, Task> handler)
    {
        lock (_lock) _handlers.Add(handler);
        return new Subscription(() => { lock (_lock) _handlers.Remove(handler); });
    }

    public bool TryMarkJoining() => Interlocked.CompareExchange(ref _joining, 1, 0) == 0;

    public void ResetJoin() => Interlocked.Exchange(ref _joining, 0);

    public async Task PublishAsync(T value, ILogger logger)
    {
        Latest = value;
        Func<T, Task>[] handlers;
        lock (_lock) handlers = [.. _handlers];
        foreach (var handler in handlers)
        {
            try
            {
                await handler(value);
            }
            catch (Exception ex)
            {
                // One broken circuit must not starve the others.
                logger.LogWarning(ex, "Exposure feed: a subscriber failed to take an update");
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
