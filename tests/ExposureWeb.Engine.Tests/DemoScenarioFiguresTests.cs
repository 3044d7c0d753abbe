using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ExposureWeb.Engine.Tests;

/// <summary>
/// The chart figures of the demo portfolio as the reader computes them on a real anvil with the demo market, under
/// the app's default engine settings (appsettings.json: volatilities for ETH, BTC, LINK and USDC, rate 4%).
/// </summary>
public sealed class DemoScenarioFiguresTests(DemoChain chain, ITestOutputHelper output) : IClassFixture<DemoChain>
{
    /// <summary>The hub's JSON protocol writes camelCase names, as the web defaults do.</summary>
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    private static readonly WatchedPortfolio Demo = new(1, "Demo portfolio", "local", [DemoChain.Trader, DemoChain.Treasury]);

    private async Task<ExposureSnapshot> ReadDemoAsync()
    {
        var engine = Options.Create(new EngineOptions
        {
            RiskFreeRate = 0.04,
            Volatility = new(StringComparer.OrdinalIgnoreCase) { ["ETH"] = 0.65, ["BTC"] = 0.5, ["LINK"] = 0.8, ["USDC"] = 0.01 },
        });
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));
        var reader = new PortfolioSnapshotReader(time, engine, new MarketBuilder(engine, new PriceHistory()), new PositionDiscoveryCache(), NullLogger<PortfolioSnapshotReader>.Instance);
        return await reader.ReadAsync(chain.Eth, chain.Profile, Demo, await chain.BlockAsync(), CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_DemoPortfolio_SnapshotJsonUnder24KB()
    {
        var snapshot = await ReadDemoAsync();

        var bytes = JsonSerializer.SerializeToUtf8Bytes(snapshot, Wire).Length;
        var payoffs = JsonSerializer.SerializeToUtf8Bytes(snapshot.Payoffs, Wire).Length;
        var stress = JsonSerializer.SerializeToUtf8Bytes(snapshot.Stress, Wire).Length;
        output.WriteLine($"demo snapshot JSON: {bytes} bytes, of which payoffs {payoffs} and stress {stress}");

        Assert.NotEmpty(snapshot.Payoffs);
        Assert.NotNull(snapshot.Stress);
        Assert.True(bytes < 24 * 1024, $"demo snapshot is {bytes} bytes of JSON");
    }

    [Fact]
    public async Task ReadAsync_DemoPortfolio_OnePayoffPerPricedAssetInTheRowsOrder()
    {
        var snapshot = await ReadDemoAsync();

        Assert.Empty(snapshot.Errors);
        Assert.Equal(snapshot.Assets.Where(a => a.PriceUsd is not null).Select(a => a.Underlying), snapshot.Payoffs.Select(p => p.Underlying));
        Assert.All(snapshot.Payoffs, p =>
        {
            Assert.Equal(Assert.Single(snapshot.Assets, a => a.Underlying == p.Underlying).PriceUsd, p.PriceUsd);
            Assert.Equal(0, p.PnlUsd[20]);
        });
    }

    [Fact]
    public async Task ReadAsync_DemoPortfolio_LiquidationMarksEqualTheLiquidationRows()
    {
        var snapshot = await ReadDemoAsync();

        var rows = snapshot.Liquidations.Where(l => l.PriceUsd is not null)
            .Select(l => (l.PositionId, l.Underlying, Price: l.PriceUsd!.Value)).Order().ToList();
        var marks = snapshot.Payoffs.SelectMany(p => p.Marks.Select(m => (m.PositionId, p.Underlying, Price: m.PriceUsd))).Order().ToList();

        Assert.NotEmpty(rows); // the demo has two Aave accounts and two GMX perps
        Assert.Equal(rows, marks);
    }

    [Fact]
    public async Task ReadAsync_DemoPortfolio_StressGridOf35CellsWorstIsItsMinimum()
    {
        var snapshot = await ReadDemoAsync();

        var stress = snapshot.Stress!;
        Assert.Equal(35, stress.Cells.Count);
        Assert.Equal(stress.Cells.Min(c => c.PnlUsd), stress.Worst.PnlUsd);
        Assert.DoesNotContain("USDC", stress.ShockedUnderlyings);
        // The demo is long ETH and BTC overall: a 66% crash of every risky asset is a loss.
        Assert.True(stress.Worst.PnlUsd < 0);
        Assert.Equal(snapshot.ValueUsd, stress.BaseValueUsd, 0.01 + snapshot.ValueUsd * 1e-9);
    }
}
