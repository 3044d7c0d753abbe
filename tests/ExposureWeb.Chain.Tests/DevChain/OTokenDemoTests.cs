using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Opyn;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>The demo Opyn Gamma oTokens, read through Opyn's getOtokenDetails. Read-only.</summary>
public sealed class OTokenDemoTests(DemoChain chain) : IClassFixture<DemoChain>
{
    private const long Day = 86_400;
    private const long Week = 7 * Day;

    private Task<OTokenDetailsOutput> DetailsAsync(Address oToken) =>
        chain.QueryOutputAsync<GetOtokenDetailsFunction, OTokenDetailsOutput>(oToken, new GetOtokenDetailsFunction());

    [Theory]
    // index in profile.oTokens, collateral, strike (8 decimals), put, earliest expiry in days from deployment, holder, options (8 decimals)
    [InlineData(0, "WETH", 350_000_000_000L, false, 21, "trader", 1_000_000_000L)]
    [InlineData(1, "USDC", 250_000_000_000L, true, 49, "treasury", 2_500_000_000L)]
    [InlineData(2, "WETH", 320_000_000_000L, false, -10, "trader", 400_000_000L)]
    public async Task GetOtokenDetails_DemoSeries_ReturnsSeededTermsAndHolderHoldsOptions(
        int index, string collateral, long strike, bool isPut, int days, string holder, long options)
    {
        var oToken = Address.Parse(chain.Profile.OTokens[index]);
        var wallet = holder == "trader" ? DemoChain.Trader : DemoChain.Treasury;
        var d = await DetailsAsync(oToken);
        var expiry = (long)d.ExpiryTimestamp;
        var now = (await chain.BlockAsync()).Timestamp.ToUnixTimeSeconds();

        Assert.Equal(chain.Token(collateral), Address.Parse(d.CollateralAsset)); // calls: WETH collateral; puts: USDC (the strike asset)
        Assert.Equal(chain.Token("WETH"), Address.Parse(d.UnderlyingAsset));
        Assert.Equal(chain.Token("USDC"), Address.Parse(d.StrikeAsset));
        Assert.Equal(new BigInteger(strike), d.StrikePrice);
        Assert.Equal(isPut, d.IsPut);
        // The Unix epoch was a Thursday, so Fridays 08:00 UTC are 1 day 8 h past a whole number of weeks.
        Assert.Equal(Day + 8 * 3600, expiry % Week);
        // The first such Friday at least `days` after deployment. `now` is later than the deployment by however long the
        // class's tests have run on the shared chain: minutes on a loaded CI machine (a 60 s allowance failed there).
        Assert.InRange(expiry - now, days * Day - 15 * 60, days * Day + Week);
        Assert.Equal(days < 0, expiry < now);
        Assert.Equal(new BigInteger(options), (await chain.QueryOutputAsync<BalanceOfFunction, BalanceOfOutput>(
            oToken, new BalanceOfFunction { Owner = wallet.ToString() })).Balance);
        Assert.Equal(8, (await chain.QueryOutputAsync<DecimalsFunction, DecimalsOutput>(oToken, new DecimalsFunction())).Decimals);
    }

    [Fact]
    public async Task Symbol_EthCall_FollowsOpynNaming()
    {
        var oToken = Address.Parse(chain.Profile.OTokens[0]);
        var expiry = DateTimeOffset.FromUnixTimeSeconds((long)(await DetailsAsync(oToken)).ExpiryTimestamp);

        var symbol = (await chain.QueryOutputAsync<SymbolFunction, SymbolOutput>(oToken, new SymbolFunction())).Symbol;

        // e.g. oWETHUSDC/WETH-26DEC25-3500C
        Assert.Equal($"oWETHUSDC/WETH-{expiry.Day:00}{expiry.ToString("MMM", System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant()}{expiry.Year % 100:00}-3500C", symbol);
    }
}
