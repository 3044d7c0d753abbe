using System.Threading.Channels;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Integration;

/// <summary>
/// Runs a <see cref="NewHeadsWatcher"/> enumeration in the background and lets a test wait, with a deadline, for
/// the event it expects. Every event read is kept in <see cref="Seen"/> for assertions and failure messages.
/// </summary>
internal sealed class HeadEventRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<HeadEvent> _events = Channel.CreateUnbounded<HeadEvent>();
    private readonly Task _pump;

    public HeadEventRecorder(NewHeadsWatcher watcher)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (HeadEvent item in watcher.WatchAsync(_stop.Token))
                {
                    await _events.Writer.WriteAsync(item);
                }

                _events.Writer.TryComplete(new InvalidOperationException("the watcher ended its enumeration on its own"));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                _events.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // The watcher must never throw; make that visible to the waiting test.
                _events.Writer.TryComplete(ex);
            }
        });
    }

    /// <summary>Every event read so far, in order.</summary>
    public List<HeadEvent> Seen { get; } = [];

    /// <summary>Reads events until one of type <typeparamref name="T"/> matches, or fails after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(TimeSpan timeout, Func<T, bool>? match = null)
        where T : HeadEvent
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                HeadEvent item = await _events.Reader.ReadAsync(deadline.Token);
                Seen.Add(item);
                if (item is T typed && (match is null || match(typed)))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching {typeof(T).Name} within {timeout.TotalSeconds} s; seen: {Describe()}");
        }
    }

    /// <summary>Waits for the head with <paramref name="number"/> and returns all heads read on the way (inclusive).</summary>
    public async Task<List<BlockHeader>> WaitForHeadAsync(ulong number, TimeSpan timeout)
    {
        int start = Seen.Count;
        await WaitForAsync<HeadEvent.NewHead>(timeout, h => h.Header.Number == number);
        return Seen.Skip(start).OfType<HeadEvent.NewHead>().Select(h => h.Header).ToList();
    }

    public string Describe() => string.Join(" | ", Seen.Select(e => e switch
    {
        HeadEvent.NewHead h => $"head {h.Header.Number}",
        HeadEvent.ConnectivityChanged c => $"{c.Connectivity}/{c.Source} {c.Error}",
        _ => e.ToString(),
    }));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
