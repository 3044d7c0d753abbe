using System.Globalization;
using ExposureWeb.Components.Exposure.Charts;
using ExposureWeb.Engine.Stress;

namespace ExposureWeb.Components.Stress;

/// <summary>The Deribit grid of a run as a heatmap: price moves across, volatility moves down, P&amp;L in USD (null where the grid has no cell).</summary>
public sealed record StressGridView(IReadOnlyList<string> PriceMoves, IReadOnlyList<string> VolMoves, double?[][] PnlUsd, string[][] Hover, double ColorLimitUsd)
{
    public static StressGridView? From(StressRunResult? result)
    {
        if (result?.Grid is not { Count: > 0 } grid) return null;
        var prices = grid.Select(c => c.PriceMove).Distinct().Order().ToList();
        var vols = grid.Select(c => c.VolMove).Distinct().OrderDescending().ToList();
        var z = vols.Select(_ => new double?[prices.Count]).ToArray();
        var hover = vols.Select(_ => new string[prices.Count]).ToArray();
        foreach (var c in grid)
        {
            int i = vols.IndexOf(c.VolMove), j = prices.IndexOf(c.PriceMove);
            z[i][j] = c.PnlUsd;
            hover[i][j] = $"price {ChartText.Move(c.PriceMove)}, vol {ChartText.Move(c.VolMove)}: P&L {Format.Usd(c.PnlUsd)}" + (c.Liquidated.Count > 0 ? $", {c.Liquidated.Count} liquidated" : "");
        }
        double limit = Math.Max(grid.Max(c => Math.Abs(c.PnlUsd)), 1);
        return new StressGridView(prices.Select(ChartText.Move).ToList(), vols.Select(v => "vol " + ChartText.Move(v)).ToList(), z, hover, limit);
    }
}

/// <summary>A Monte Carlo P&amp;L histogram with −VaR and −ES marked, USD.</summary>
public sealed record StressHistogramView(double[] CentersUsd, int[] Counts, double[] WidthsUsd, double VarUsd, double EsUsd, int MaxCount, string Caption)
{
    public static StressHistogramView? From(StressRunResult? result)
    {
        if (result?.MonteCarlo is not { } mc || mc.Histogram.Count == 0) return null;
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"{mc.Paths:N0} paths, {mc.HorizonDays:0.##}-day horizon, {mc.Confidence:0.##%} confidence, seed {mc.Seed}: VaR {Format.Usd(mc.VarUsd)} (± {Format.Usd(mc.VarStandardErrorUsd)} MC s.e.), ES {Format.Usd(mc.ExpectedShortfallUsd)} (± {Format.Usd(mc.ExpectedShortfallStandardErrorUsd)})");
        return new StressHistogramView(
            mc.Histogram.Select(b => (b.LowerUsd + b.UpperUsd) / 2).ToArray(), mc.Histogram.Select(b => b.Count).ToArray(),
            mc.Histogram.Select(b => Math.Max(b.UpperUsd - b.LowerUsd, 1e-9)).ToArray(), mc.VarUsd, mc.ExpectedShortfallUsd, mc.Histogram.Max(b => b.Count), caption);
    }
}

/// <summary>One bar per historical or correlated scenario, P&amp;L in USD.</summary>
public sealed record StressScenarioBarsView(IReadOnlyList<string> Names, double[] PnlUsd, string[] Hover)
{
    public static StressScenarioBarsView? From(StressRunResult? result)
    {
        if (result?.Scenarios is not { Count: > 0 } s) return null;
        return new StressScenarioBarsView(
            s.Select(x => x.Name).ToList(), s.Select(x => x.PnlUsd).ToArray(),
            s.Select(x => $"{x.Name}: {Format.Usd(x.PnlUsd)}" + (x.Description is null ? "" : $" ({x.Description})")).ToArray());
    }
}

/// <summary>A cascade's path: the driver's price per round and the collateral seized so far (USD), with a line of text per round.</summary>
public sealed record StressCascadeView(string Driver, int[] Rounds, double[] PriceUsd, double[] CumulativeSeizedUsd, double[] CumulativeSoldDriver, string[] Hover, string Caption)
{
    public static StressCascadeView? From(StressRunResult? result)
    {
        if (result?.Cascade is not { Path.Count: > 0 } c) return null;
        double seized = 0, sold = 0;
        var cumSeized = new double[c.Path.Count];
        var cumSold = new double[c.Path.Count];
        for (int i = 0; i < c.Path.Count; i++)
        {
            seized += c.Path[i].SeizedUsd;
            // Round 0's sale is the shock's own arbitrage, not a liquidation: the cumulative counts liquidations and the extra.
            if (c.Path[i].Round > 0) sold += c.Path[i].SoldDriver;
            cumSeized[i] = seized;
            cumSold[i] = sold;
        }
        var hover = c.Path.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"round {r.Round}: {c.Driver} {Format.Usd(r.PriceUsd)}, {r.Liquidated.Count} liquidated, seized {Format.Usd(cumSeized[i])} so far, P&L {Format.Usd(r.PnlUsd)}")).ToArray();
        var final = c.Path[^1];
        var caption = string.Create(CultureInfo.InvariantCulture,
            $"{c.Driver} {ChartText.Move(c.DriverMove)} into {c.PoolLabel}: {(c.Stop == "Converged" ? "converged" : "cap reached")} after {final.Round} round(s), {c.Driver} {Format.Usd(c.BasePriceUsd)} → {Format.Usd(final.PriceUsd)} ({ChartText.Move(final.PriceUsd / c.BasePriceUsd - 1)})");
        return new StressCascadeView(c.Driver, c.Path.Select(r => r.Round).ToArray(), c.Path.Select(r => r.PriceUsd).ToArray(), cumSeized, cumSold, hover, caption);
    }
}
