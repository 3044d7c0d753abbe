using ExposureWeb.Chain.Adapters.Spot;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Instruments;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary><see cref="SpotBalancesAdapter"/> reading the seeded demo wallets in one batch. Read-only.</summary>
public sealed class SpotBalancesAdapterTests(DeployedDemoFixture chain) : IClassFixture<DeployedDemoFixture>
{
    private static readonly Address Nobody = Address.Parse("0x1111111111111111111111111111111111111111");

    private async Task<(IReadOnlyList<SpotHolding> Holdings, IReadOnlyList<string> Errors)> ReadAsync(ChainProfile profile, params Address[] owners)
    {
        var batch = new MulticallBatch();
        var adapter = new SpotBalancesAdapter(profile, owners, batch);
        var results = await batch.ExecuteAsync(chain.Eth, Address.Parse(profile.Multicall3!), BlockParameter.Latest, CancellationToken.None);
        return adapter.Read(results);
    }

    [Fact]
    public async Task Read_DemoTrader_HoldsExactlyWhatDemoMarketSeeded()
    {
        var (holdings, errors) = await ReadAsync(chain.Profile, DeployedDemoFixture.Trader);

        Assert.Empty(errors);
        // DemoMarket: 42.5 ETH native, 12.5 WETH, 0.75 WBTC, 25 000 USDC, 1 500 LINK; each a binary-exact double.
        Assert.Equal(
            [
                new SpotHolding("ETH", "ETH", 42.5),
                new SpotHolding("ETH", "WETH", 12.5),
                new SpotHolding("BTC", "WBTC", 0.75),
                new SpotHolding("USDC", "USDC", 25_000),
                new SpotHolding("LINK", "LINK", 1_500),
            ],
            holdings.OrderBy(h => Order(h.Symbol)));
    }

    [Fact]
    public async Task Read_TreasuryWithoutLink_OmitsTheZeroBalance()
    {
        var (holdings, errors) = await ReadAsync(chain.Profile, DeployedDemoFixture.Treasury);

        Assert.Empty(errors);
        // DemoMarket: 7.25 ETH, 3 WETH, 2.1 WBTC, 150 000 USDC and no LINK (balance 0, so no row at all).
        Assert.Equal(["ETH", "WETH", "WBTC", "USDC"], holdings.Select(h => h.Symbol).OrderBy(Order));
        Assert.Equal(7.25, holdings.Single(h => h.Symbol == "ETH").Quantity);
        Assert.Equal(3.0, holdings.Single(h => h.Symbol == "WETH").Quantity);
        Assert.Equal(2.1, holdings.Single(h => h.Symbol == "WBTC").Quantity);
        Assert.Equal(150_000.0, holdings.Single(h => h.Symbol == "USDC").Quantity);
    }

    [Fact]
    public async Task Read_AddressThatHoldsNothing_NoHoldingsNoErrors()
    {
        var (holdings, errors) = await ReadAsync(chain.Profile, Nobody);

        Assert.Empty(holdings);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Read_TwoWallets_HoldingsOfBothWithoutZeroRows()
    {
        var (holdings, errors) = await ReadAsync(chain.Profile, DeployedDemoFixture.Trader, DeployedDemoFixture.Treasury, Nobody);

        Assert.Empty(errors);
        // Trader 5 non-zero rows + treasury 4; Nobody none.
        Assert.Equal(9, holdings.Count);
        // 12.5 + 3 WETH; 0.75 + 2.1 WBTC.
        Assert.Equal(15.5, holdings.Where(h => h.Symbol == "WETH").Sum(h => h.Quantity));
        Assert.Equal(2.85, holdings.Where(h => h.Symbol == "WBTC").Sum(h => h.Quantity), precision: 12);
    }

    [Fact]
    public async Task Read_ProfileDeclaresWrongDecimals_ReportsDisagreementAndUsesOnChainDecimals()
    {
        var profile = chain.CloneProfile();
        profile.Tokens.Single(t => t.Symbol == "USDC").Decimals = 18;

        var (holdings, errors) = await ReadAsync(profile, DeployedDemoFixture.Trader);

        Assert.Equal(["USDC: the profile says 18 decimals but the token reports 6; using 6"], errors);
        // 25 000 × 10^6 raw read with the token's 6 decimals, not 18 (which would give 2.5e-8).
        Assert.Equal(25_000.0, holdings.Single(h => h.Symbol == "USDC").Quantity);
    }

    [Fact]
    public async Task Read_TokenAddressIsNotAToken_ReportsBothFailedReadsAndKeepsTheRest()
    {
        // Multicall3 has neither decimals() nor balanceOf() and no fallback: both calls revert without data.
        var profile = chain.CloneProfile();
        profile.Tokens.Add(new TokenProfile { Symbol = "BOGUS", Address = profile.Multicall3!, Decimals = 18, Underlying = "BOGUS" });

        var (holdings, errors) = await ReadAsync(profile, DeployedDemoFixture.Trader);

        Assert.Equal(
            ["BOGUS decimals(): reverted without a reason", $"BOGUS balance of {DeployedDemoFixture.Trader}: reverted without a reason"],
            errors);
        Assert.Equal(5, holdings.Count);
    }

    [Fact]
    public async Task Read_TokenAddressWithoutCode_ReportsErrorInsteadOfThrowing()
    {
        // A call to an address without code "succeeds" with empty return data (wrong chain, typo'd address).
        // That is a failed read for this token, not a reason to lose the whole snapshot.
        var profile = chain.CloneProfile();
        profile.Tokens.Add(new TokenProfile { Symbol = "GHOST", Address = "0x000000000000000000000000000000000000dEaD", Decimals = 18, Underlying = "GHOST" });

        var (holdings, errors) = await ReadAsync(profile, DeployedDemoFixture.Trader);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("GHOST", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("no data", StringComparison.Ordinal));
        Assert.Equal(5, holdings.Count);
        Assert.DoesNotContain(holdings, h => h.Symbol == "GHOST");
    }

    private static int Order(string symbol) => Array.IndexOf(["ETH", "WETH", "WBTC", "USDC", "LINK"], symbol);
}
