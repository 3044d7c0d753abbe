using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ExposureWeb.LiveBench;

/// <summary>
/// An outside hub client as light as one can be: it takes each <c>ExposureChanged</c> frame as a <see cref="JsonElement"/>
/// (parsed, never bound to types nor applied to a replica) and keeps only its numbers: sequence, base, block, the
/// snapshot's ComputedAt and when it arrived. A thousand of them in one process then measure the app's fan-out rather
/// than their own CPU (HubFanout's replica clients spend more CPU than the app). A frame not based on the sequence held
/// is a gap: recorded, and the client subscribes again to stay useful for the rest of the run.
/// </summary>
internal sealed class LightHubClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Frame> _frames = [];
    private readonly HubConnection _connection;
    // Frames that arrive before SubscribePortfolio has answered: weighed against its sequence once it has.
    private List<(Numbers Frame, DateTimeOffset At)>? _early = [];
    private long _held;

    private LightHubClient(HubConnection connection, int portfolioId)
    {
        _connection = connection;
        PortfolioId = portfolioId;
    }

    public int PortfolioId { get; }

    /// <summary>The sequence of the newest snapshot this client has every frame up to.</summary>
    public long Held
    {
        get { lock (_gate) return _held; }
    }

    /// <summary>Frames that did not follow the sequence held (the client missed one before them).</summary>
    public List<string> Gaps { get; } = [];

    public static async Task<LightHubClient> ConnectAsync(Uri hubUrl, Cookie session, int portfolioId, CancellationToken ct)
    {
        var client = new LightHubClient(HubFanout.Connection(hubUrl, session), portfolioId);
        client._connection.On<JsonElement>("ExposureChanged", client.OnFrame);
        await client._connection.StartAsync(ct);
        await client.SubscribeAsync(ct);
        return client;
    }

    /// <summary>The frames applied so far, oldest first.</summary>
    public List<Frame> Frames()
    {
        lock (_gate) return [.. _frames];
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task SubscribeAsync(CancellationToken ct)
    {
        // The answer holds the whole snapshot and its history: only its number is read.
        var subscription = await _connection.InvokeAsync<JsonElement>("SubscribePortfolio", PortfolioId, ct);
        lock (_gate)
        {
            _held = subscription.GetProperty("sequence").GetInt64();
            var early = _early ?? [];
            _early = null;
            foreach (var (frame, at) in early) ApplyLocked(frame, at);
        }
    }

    private void OnFrame(JsonElement delta)
    {
        var at = DateTimeOffset.UtcNow;
        var frame = Numbers.Read(delta);
        lock (_gate)
        {
            if (_early is not null) _early.Add((frame, at));
            else ApplyLocked(frame, at);
        }
    }

    private void ApplyLocked(Numbers frame, DateTimeOffset at)
    {
        if (frame.Sequence <= _held && !frame.Full) return; // already in the subscription's snapshot
        if (frame.Full || frame.BaseSequence == _held)
        {
            _held = frame.Sequence;
            _frames.Add(new Frame(frame.Sequence, frame.Block, frame.ComputedAt, at));
            return;
        }
        Gaps.Add($"held {_held}, got {frame.Sequence} based on {frame.BaseSequence}");
        _early = [];
        _ = Task.Run(() => SubscribeAsync(CancellationToken.None));
    }

    /// <summary>One frame as this client applied it; <paramref name="Block"/> and <paramref name="ComputedAt"/> are absent when unchanged.</summary>
    internal readonly record struct Frame(long Sequence, ulong? Block, DateTimeOffset? ComputedAt, DateTimeOffset ReceivedAt);

    /// <summary>What is read of a <c>SnapshotDelta</c>'s JSON: its numbers, and block and ComputedAt from its changed properties.</summary>
    private readonly record struct Numbers(long Sequence, long BaseSequence, bool Full, ulong? Block, DateTimeOffset? ComputedAt)
    {
        public static Numbers Read(JsonElement delta)
        {
            var set = delta.GetProperty("set");
            return new Numbers(
                delta.GetProperty("sequence").GetInt64(),
                delta.GetProperty("baseSequence").GetInt64(),
                delta.GetProperty("full").GetBoolean(),
                set.TryGetProperty("blockNumber", out var block) ? block.GetUInt64() : null,
                set.TryGetProperty("computedAt", out var computed) ? computed.GetDateTimeOffset() : null);
        }
    }
}
