using System.Diagnostics.Metrics;

namespace ExposureWeb.Engine.Monitoring;

/// <summary>One block's work on one chain, from the head seen to the last snapshot published.</summary>
/// <param name="Chain">The chain profile's name.</param>
/// <param name="Block">The block read.</param>
/// <param name="HeadSeenAt">When the engine received the head.</param>
/// <param name="Duration">Head seen → every portfolio's snapshot published (waiting behind the previous block's cycle included).</param>
/// <param name="Portfolios">Portfolios watched on the chain.</param>
/// <param name="Published">Snapshots published (fewer than <paramref name="Portfolios"/> when some failed).</param>
/// <param name="Rounds">Read rounds one after the other (1 in the steady state).</param>
/// <param name="HttpRequests">HTTP requests to the node for the block.</param>
/// <param name="AlertEvaluation">
/// Alert work of the block, included in <paramref name="Duration"/>: evaluating the rules on every snapshot, undoing
/// transitions after a reorg, confirming and writing the outbox (<c>alert_eval_ms</c>).
/// </param>
public sealed record EngineCycle(string Chain, ulong Block, DateTimeOffset HeadSeenAt, TimeSpan Duration, int Portfolios, int Published, int Rounds, int HttpRequests,
    TimeSpan AlertEvaluation = default);

/// <summary>
/// Reports every engine cycle: as <see cref="Completed"/> events (benchmarks, tests) and as metrics on the
/// <c>ExposureWeb.Engine</c> meter (<c>exposureweb.engine.cycle.duration</c> in ms, <c>exposureweb.engine.http_requests</c>
/// per block, <c>exposureweb.engine.alert_eval.duration</c> in ms: the benchmark's <c>alert_eval_ms</c>) for any OpenTelemetry
/// or dotnet-counters listener.
/// </summary>
public sealed class EngineCycles : IDisposable
{
    public const string MeterName = "ExposureWeb.Engine";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _requests;
    private readonly Histogram<double> _alerts;

    public EngineCycles()
    {
        _duration = _meter.CreateHistogram<double>("exposureweb.engine.cycle.duration", "ms", "head seen to every snapshot of the block published");
        _requests = _meter.CreateHistogram<int>("exposureweb.engine.http_requests", "{request}", "HTTP requests to the node per block");
        _alerts = _meter.CreateHistogram<double>("exposureweb.engine.alert_eval.duration", "ms", "alert evaluation, reorg undo and confirmation per block (alert_eval_ms)");
    }

    /// <summary>Raised after each cycle, on the engine's thread: keep handlers short.</summary>
    public event Action<EngineCycle>? Completed;

    internal void Report(EngineCycle cycle)
    {
        var chain = new KeyValuePair<string, object?>("chain", cycle.Chain);
        _duration.Record(cycle.Duration.TotalMilliseconds, chain);
        _requests.Record(cycle.HttpRequests, chain);
        _alerts.Record(cycle.AlertEvaluation.TotalMilliseconds, chain);
        Completed?.Invoke(cycle);
    }

    public void Dispose() => _meter.Dispose();
}
