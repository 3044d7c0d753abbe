using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Deploys the demo protocols to a fresh anvil, seeds the demo wallets and returns the chain
/// profile that describes what it deployed. Deterministic: the deployer's nonces start at 0, so the
/// addresses are the same on every fresh chain.
/// </summary>
/// <remarks>
/// Order: Multicall3, the tokens and their feeds, then Aave v3 (<see cref="AaveDemo"/>), Uniswap v3
/// (<see cref="UniswapDemo"/>), GMX v2 (<see cref="GmxDemo"/>) and Opyn oTokens (<see cref="OTokenDemo"/>), and last
/// the wallets' ether and token balances, so that the gas the wallets spend while seeding does not show.
/// </remarks>
public sealed class DemoDeployer(EthClient eth)
{
    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");

    public async Task<ChainProfile> DeployAsync(string chainName, Uri rpcUrl, Uri wsUrl, CancellationToken ct)
    {
        var tx = new DemoTransactions(eth, ct);
        var multicall = await tx.DeployAsync("Multicall3");

        var profile = new ChainProfile
        {
            Name = chainName,
            ChainId = await eth.ChainIdAsync(ct),
            RpcUrls = [rpcUrl.ToString().TrimEnd('/')],
            WsUrl = wsUrl.ToString().TrimEnd('/'),
            Multicall3 = multicall.ToString(),
        };

        var tokens = new Dictionary<string, Address>();
        var feeds = new Dictionary<string, Address>();
        foreach (var asset in DemoMarket.Assets)
        {
            var tokenAddress = await tx.DeployAsync("DemoToken", "string,string,uint8", asset.TokenName, asset.TokenSymbol, new BigInteger(asset.Decimals));
            tokens[asset.TokenSymbol] = tokenAddress;
            profile.Tokens.Add(new TokenProfile { Symbol = asset.TokenSymbol, Address = tokenAddress.ToString(), Decimals = asset.Decimals, Underlying = asset.Underlying });

            var scale = BigInteger.Pow(10, DemoMarket.FeedDecimals);
            // Bounds far from the market, as on real feeds: 1e-8 USD to 1e9 USD.
            var feedAddress = await tx.DeployAsync("DemoPriceFeed", "uint8,string,int256,int256,int256",
                new BigInteger(DemoMarket.FeedDecimals), $"{asset.Underlying} / USD", BigInteger.One, 1_000_000_000 * scale, InitialFeedAnswer(asset));
            feeds[asset.TokenSymbol] = feedAddress;
            profile.PriceFeeds.Add(new PriceFeedProfile { Underlying = asset.Underlying, Address = feedAddress.ToString(), HeartbeatSeconds = asset.HeartbeatSeconds });
        }

        profile.AaveV3 = await AaveDemo.DeployAsync(tx, tokens, feeds);
        profile.UniswapV3 = await UniswapDemo.DeployAsync(tx, tokens);
        profile.GmxV2 = await GmxDemo.DeployAsync(tx, tokens);
        profile.OTokens = await OTokenDemo.DeployAsync(tx, tokens);

        foreach (var wallet in DemoMarket.Wallets)
        {
            var holder = Address.Parse(wallet.Address);
            await eth.RequestAsync<object?>("anvil_setBalance", [holder.ToString(), HexQuantity.Format(ToFixed(wallet.Ether, 18))], ct);
            foreach (var (symbol, amount) in wallet.Tokens)
                await tx.SendAsync(tokens[symbol], Mint, holder, ToFixed(amount, DemoMarket.Asset(symbol).Decimals));
        }
        return profile;
    }

    /// <summary>The feed's first answer: the asset's initial USD price with <see cref="DemoMarket.FeedDecimals"/> decimals.</summary>
    public static BigInteger InitialFeedAnswer(DemoAsset asset) => ToFixed((decimal)asset.InitialPriceUsd, DemoMarket.FeedDecimals);

    /// <summary>An exact decimal amount as an integer with <paramref name="decimals"/> decimals.</summary>
    public static BigInteger ToFixed(decimal amount, int decimals) =>
        BigInteger.Parse(decimal.Round(amount * (decimal)Math.Pow(10, Math.Min(decimals, 10)), 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        * BigInteger.Pow(10, Math.Max(decimals - 10, 0));
}
