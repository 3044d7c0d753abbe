namespace ExposureWeb.LiveBench;

/// <summary>The dashboards benchmark's samples (ms, sorted ascending) from the pushes and what the hub clients received.</summary>
internal sealed class DashboardsFigures
{
    private readonly DashboardsLayout _layout;
    private readonly List<Push> _pushes;
    private readonly IReadOnlyList<LightHubClient> _light;
    private readonly IReadOnlyList<HubFanout.Client> _full;
    // The ComputedAt of each covered portfolio's snapshot of each block, as its light clients received it.
    private readonly Dictionary<(int Portfolio, ulong Block), DateTimeOffset> _computedAt = [];

    public DashboardsFigures(DashboardsLayout layout, List<Push> pushes, IReadOnlyList<LightHubClient> light, IReadOnlyList<HubFanout.Client> full)
    {
        (_layout, _pushes, _light, _full) = (layout, pushes, light, full);
        for (int i = 0; i < light.Count; i++)
        {
            foreach (var f in light[i].Frames())
            {
                if (f is { Block: { } block, ComputedAt: { } at }) _computedAt[(layout.LightClients[i], block)] = at;
            }
        }
    }

    /// <summary>Every page's DOM change − the push's send time.</summary>
    public List<double> TickToScreen() =>
        _pushes.SelectMany(p => p.ShownAtMs.OfType<double>().Select(t => t - p.SentAtMs)).Order().ToList();

    /// <summary>Every page's DOM change − the ComputedAt of its portfolio's snapshot of the push's block (pages on covered portfolios).</summary>
    public List<double> PublishToScreen() =>
        _pushes.SelectMany(p => p.ShownAtMs.Select((t, j) => (t, Portfolio: _layout.Pages[j]))
                .Where(x => x.t is not null && _computedAt.ContainsKey((x.Portfolio, p.Block)))
                .Select(x => x.t!.Value - UnixMs(_computedAt[(x.Portfolio, p.Block)])))
            .Order().ToList();

    /// <summary>Per push: the latest ComputedAt of its block among the covered portfolios − its send time.</summary>
    public List<double> BlockToLastPublish() =>
        _pushes.Select(p => _computedAt.Where(kv => kv.Key.Block == p.Block).Select(kv => UnixMs(kv.Value) - p.SentAtMs).DefaultIfEmpty(double.NaN).Max())
            .Where(ms => !double.IsNaN(ms)).Order().ToList();

    /// <summary>Every hub client's receive − ComputedAt, for the snapshots of the measured pushes' blocks and after.</summary>
    public List<double> HubDelivery()
    {
        if (_pushes.Count == 0) return [];
        var first = _pushes[0].Block;
        var light = _light.SelectMany(c => c.Frames())
            .Where(f => f is { Block: { } b, ComputedAt: not null } && b >= first)
            .Select(f => (f.ReceivedAt - f.ComputedAt!.Value).TotalMilliseconds);
        var full = _full.SelectMany(c => c.Snapshot()).Where(r => r.Block >= first).Select(r => (r.ReceivedAt - r.ComputedAt).TotalMilliseconds);
        return light.Concat(full).Order().ToList();
    }

    /// <summary>Per push, the median over the pages that showed it of its tick-to-screen.</summary>
    public IEnumerable<double> PerPushMedians() =>
        _pushes.Select(p => p.ShownAtMs.OfType<double>().Select(t => t - p.SentAtMs).ToList())
            .Select(ms => ms.Count == 0 ? double.NaN : Percentiles.Median(ms));

    private static double UnixMs(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
