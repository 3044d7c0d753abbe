using System.Text.Json;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Exposure;

/// <summary>The exposure API says which totals are partial and why, and its OpenAPI document describes it.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class PartialExposureApiTests(AuthApp app)
{
    private const string EthStale = "ETH unpriced — stale: updated 2 h before the block, heartbeat 3600 s";

    private static ExposureSnapshot Snapshot(int portfolioId, SnapshotPartial partial) => new(
        portfolioId, "local", 77, "0x" + new string('c', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_000_001),
        [new AssetExposureRow("ETH", "spot", 10_265, null, null, DateTimeOffset.FromUnixTimeSeconds(1_699_992_800), 3600, DateTimeOffset.FromUnixTimeSeconds(1_699_996_460), "stale: updated 2 h before the block, heartbeat 3600 s")],
        [])
    {
        Partial = partial,
    };

    [Fact]
    public async Task GetExposure_EthUnpriced_PartialFlagWithReasonsPerTotalAndUnitsWhole()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(alice, "partial " + Guid.NewGuid().ToString("N")[..6]);
        var partial = SnapshotPartial.Of(new PartialTotals([EthStale], [EthStale], [], [], [EthStale]));
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(id, partial), CancellationToken.None);

        var json = JsonDocument.Parse(await alice.Client.GetStringAsync($"/api/portfolios/{id}/exposure")).RootElement;

        var body = json.GetProperty("partial");
        Assert.True(body.GetProperty("isPartial").GetBoolean());
        Assert.Equal([EthStale], body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([EthStale], body.GetProperty("netUsdDelta").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([EthStale], body.GetProperty("valueUsd").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([EthStale], body.GetProperty("nearestLiquidation").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(body.GetProperty("greeks").EnumerateArray());
        Assert.Empty(body.GetProperty("minHealthFactor").EnumerateArray());
        // The quantity is served whole: a quantity needs no price.
        Assert.Equal(10_265, json.GetProperty("assets")[0].GetProperty("quantity").GetDouble());
    }

    [Fact]
    public async Task GetExposure_EveryPricePresent_NotPartial()
    {
        var alice = await app.SignInAsync(TestWallet.Alice);
        var id = await app.CreatePortfolioAsync(alice, "whole " + Guid.NewGuid().ToString("N")[..6]);
        await app.Factory.Services.GetRequiredService<IExposurePublisher>().PublishSnapshotAsync(Snapshot(id, SnapshotPartial.None), CancellationToken.None);

        var json = JsonDocument.Parse(await alice.Client.GetStringAsync($"/api/portfolios/{id}/exposure")).RootElement;

        Assert.False(json.GetProperty("partial").GetProperty("isPartial").GetBoolean());
        Assert.Empty(json.GetProperty("partial").GetProperty("reasons").EnumerateArray());
    }

    [Fact]
    public async Task OpenApiDocument_ExposureSnapshot_DescribesPartial()
    {
        var document = JsonDocument.Parse(await app.Factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var names = string.Join(", ", schemas.EnumerateObject().Select(p => p.Name));
        Assert.True(schemas.TryGetProperty("ExposureSnapshot", out var snapshot), "no ExposureSnapshot schema; the schemas are " + names);
        Assert.True(snapshot.GetProperty("properties").TryGetProperty("partial", out _), "ExposureSnapshot has no partial property");
        Assert.True(schemas.TryGetProperty("SnapshotPartial", out var partialSchema), "no SnapshotPartial schema; the schemas are " + names);
        Assert.True(partialSchema.TryGetProperty("properties", out var partial), "SnapshotPartial: " + partialSchema);
        foreach (var name in new[] { "isPartial", "reasons", "valueUsd", "netUsdDelta", "greeks", "minHealthFactor", "nearestLiquidation" })
        {
            Assert.True(partial.TryGetProperty(name, out _), $"SnapshotPartial has no {name}");
        }
        Assert.True(schemas.GetProperty("AssetExposureRow").GetProperty("properties").TryGetProperty("quantityPartial", out _));
    }
}
