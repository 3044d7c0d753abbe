using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace ExposureWeb.LiveBench;

/// <summary>
/// The app's garbage collector seen from outside, over the runtime's diagnostics port (EventPipe), so the app needs no
/// measurement endpoint: one session listens to GC events for the whole run (gen-2 count, heap sizes after each GC), and
/// <see cref="CollectAsync"/> asks the runtime for a blocking gen-2 collection the way dotnet-gcdump does (a short session
/// with the GCHeapCollect keyword) and returns the heap as that collection left it.
/// </summary>
public sealed class GcMonitor : IDisposable
{
    private readonly DiagnosticsClient _client;
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly Lock _gate = new();
    private int _lastDepth = -1;
    private GCReason _lastReason;
    private TaskCompletionSource<GcHeap>? _awaitedFullGc;

    private GcMonitor(DiagnosticsClient client, EventPipeSession session)
    {
        _client = client;
        _session = session;
        _source = new EventPipeEventSource(session.EventStream);
        _source.Clr.GCStart += OnGcStart;
        _source.Clr.GCHeapStats += OnHeapStats;
        _processing = Task.Factory.StartNew(() => _source.Process(), TaskCreationOptions.LongRunning);
    }

    /// <summary>Gen-2 collections since the monitor started, all reasons (including those <see cref="CollectAsync"/> asked for).</summary>
    public int Gen2Count { get; private set; }

    /// <summary>Gen-2 collections since the monitor started that the runtime decided on itself (not induced).</summary>
    public int Gen2NotInduced { get; private set; }

    public static GcMonitor Start(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var session = client.StartEventPipeSession(GcProvider((long)ClrTraceEventParser.Keywords.GC), requestRundown: false, circularBufferMB: 64);
        return new GcMonitor(client, session);
    }

    /// <summary>Has the runtime run a blocking gen-2 collection now and returns the managed heap it left.</summary>
    /// <exception cref="TimeoutException">No gen-2 collection was seen within <paramref name="limit"/>.</exception>
    public async Task<GcHeap> CollectAsync(TimeSpan limit, CancellationToken ct)
    {
        var done = new TaskCompletionSource<GcHeap>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _awaitedFullGc = done;
        // Opening a session with GCHeapCollect is the request: the runtime collects (reason Induced) as the session starts.
        var trigger = _client.StartEventPipeSession(GcProvider((long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect)), requestRundown: false, circularBufferMB: 16);
        var drain = trigger.EventStream.CopyToAsync(Stream.Null, ct);
        try
        {
            return await done.Task.WaitAsync(limit, ct);
        }
        finally
        {
            lock (_gate) _awaitedFullGc = null;
            await trigger.StopAsync(CancellationToken.None);
            try { await drain; } catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException) { /* the stream ends with the session */ }
            trigger.Dispose();
        }
    }

    public void Dispose()
    {
        try { _session.Stop(); } catch (ServerNotAvailableException) { /* the app has already exited */ }
        _processing.Wait(TimeSpan.FromSeconds(10));
        _source.Dispose();
        _session.Dispose();
    }

    private static EventPipeProvider[] GcProvider(long keywords) =>
        [new EventPipeProvider(ClrTraceEventParser.ProviderName, System.Diagnostics.Tracing.EventLevel.Informational, keywords)];

    private void OnGcStart(GCStartTraceData data)
    {
        lock (_gate)
        {
            _lastDepth = data.Depth;
            _lastReason = data.Reason;
            if (data.Depth != 2) return;
            Gen2Count++;
            if (data.Reason is not (GCReason.Induced or GCReason.InducedNotForced or GCReason.InducedCompacting)) Gen2NotInduced++;
        }
    }

    // GCHeapStats follows the GCStart/GCEnd of the collection it describes: sizes are what survived it.
    private void OnHeapStats(GCHeapStatsTraceData data)
    {
        TaskCompletionSource<GcHeap>? awaited;
        lock (_gate)
        {
            if (_lastDepth != 2 || _lastReason is not (GCReason.Induced or GCReason.InducedNotForced)) return;
            awaited = _awaitedFullGc;
            _awaitedFullGc = null;
        }
        awaited?.TrySetResult(new GcHeap(
            Gen0: data.GenerationSize0, Gen1: data.GenerationSize1, Gen2: data.GenerationSize2,
            LargeObjects: data.GenerationSize3, PinnedObjects: data.GenerationSize4,
            Total: data.GenerationSize0 + data.GenerationSize1 + data.GenerationSize2 + data.GenerationSize3 + data.GenerationSize4,
            // What survived a full collection is what is live: the generations' sizes also count free space (the large
            // object heap is not compacted, so its size keeps the holes left by big buffers that died).
            Live: data.TotalPromotedSize0 + data.TotalPromotedSize1 + data.TotalPromotedSize2 + data.TotalPromotedSize3 + data.TotalPromotedSize4));
    }
}

/// <summary>
/// The managed heap after a gen-2 collection, bytes: size per generation (LOH and POH apart, free space included), in
/// all, and the live bytes that survived the collection.
/// </summary>
public sealed record GcHeap(long Gen0, long Gen1, long Gen2, long LargeObjects, long PinnedObjects, long Total, long Live);
