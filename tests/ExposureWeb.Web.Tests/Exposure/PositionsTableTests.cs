using Bunit;
using ExposureWeb.Components.Exposure;
using ExposureWeb.Engine.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ExposureWeb.Web.Tests.Exposure;

/// <summary>The positions table shows each position's token amounts under its description, fees apart from principal.</summary>
public sealed class PositionsTableTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public PositionsTableTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    [Fact]
    public void Render_AaveAndUniswapRows_AmountsBySideInTokenUnits()
    {
        PositionRow[] rows =
        [
            new("aave", "aave-v3", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Aave v3 local: 2 supplied, 2 borrowed", "ETH/LINK/BTC/USDC", null)
            {
                Amounts =
                [
                    new(PositionAmount.Supplied, "WETH", 10.0000004), new(PositionAmount.Supplied, "LINK", 2_000),
                    new(PositionAmount.Borrowed, "USDC", 18_000.0012), new(PositionAmount.Borrowed, "WBTC", 0.1),
                ],
            },
            new("lp", "uniswap-v3", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Uniswap v3 USDC/ETH [194430, 198080]", "USDC/ETH", null)
            {
                Amounts =
                [
                    new(PositionAmount.Principal, "USDC", 14_319.37), new(PositionAmount.Principal, "ETH", 4.779862),
                    new(PositionAmount.Fees, "USDC", 12.5), new(PositionAmount.Fees, "ETH", 0.004),
                ],
            },
            new("spot", "spot", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "42.5 ETH", "ETH", null) { Amounts = [new(PositionAmount.Held, "ETH", 42.5)] },
        ];

        var table = _context.Render<PositionsTable>(p => p.Add(x => x.Positions, rows));

        var amounts = table.FindAll("[data-testid=position-amounts]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(
            [
                "supplied 10 WETH, 2,000 LINK · borrowed 18,000 USDC, 0.1 WBTC",
                "principal 14,319.37 USDC + 4.779862 ETH · fees 12.5 USDC + 0.004 ETH",
            ],
            amounts); // the spot row's description already says its balance
    }

    private static PositionRow Row(int i) => new($"manual:{i}", "manual", "manual", $"spot {i} ETH", "ETH", null) { ValueUsd = i };

    [Fact]
    public void Render_5000PositionsOf100Live_OnePageOf50WithTheRange()
    {
        var table = _context.Render<PositionsTable>(p => p
            .Add(x => x.Positions, [.. Enumerable.Range(0, 100).Select(Row)])
            .Add(x => x.Total, 5_000));

        Assert.Equal(PositionsTable.PageSize, table.FindAll("[data-testid=position-row]").Count);
        Assert.Equal("manual:0", table.Find("[data-testid=position-row]").GetAttribute("data-position-id"));
        Assert.Contains("Positions 1–50 of 5,000", table.Find("[data-testid=positions-range]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoTo_PageBeyondTheLiveRows_RowsAskedOfLoadPage()
    {
        var asked = new List<(int Offset, int Count)>();
        var table = _context.Render<PositionsTable>(p => p
            .Add(x => x.Positions, [.. Enumerable.Range(0, 100).Select(Row)])
            .Add(x => x.Total, 5_000)
            .Add(x => x.LoadPage, (offset, count) =>
            {
                asked.Add((offset, count));
                return Task.FromResult<IReadOnlyList<PositionRow>>([.. Enumerable.Range(offset, count).Select(Row)]);
            }));

        // The last of 100 pages (0-based index 99).
        await table.InvokeAsync(() => table.FindComponent<MudPagination>().Instance.NavigateToAsync(99));

        Assert.Equal([(4_950, 50)], asked);
        Assert.Equal("manual:4950", table.Find("[data-testid=position-row]").GetAttribute("data-position-id"));
        Assert.Contains("Positions 4,951–5,000 of 5,000", table.Find("[data-testid=positions-range]").TextContent, StringComparison.Ordinal);
    }
}
