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
public sealed class DemoDeployer(EthClient eth)
{
    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");
    private readonly Address _deployer = Address.Parse(DemoMarket.Deployer);

    public async Task<ChainProfile> DeployAsync(string chainName, Uri rpcUrl, Uri wsUrl, CancellationToken ct)
    {
        var multicall = await DeployAsync(ContractArtifact.Load("Multicall3").CreationCode(), ct);
        var token = ContractArtifact.Load("DemoToken");
        var feed = ContractArtifact.Load("DemoPriceFeed");

        var profile = new ChainProfile
        {
            Name = chainName,
            ChainId = await eth.ChainIdAsync(ct),
            RpcUrls = [rpcUrl.ToString().TrimEnd('/')],
            WsUrl = wsUrl.ToString().TrimEnd('/'),
            Multicall3 = multicall.ToString(),
        };

        var tokens = new Dictionary<string, Address>();
        foreach (var asset in DemoMarket.Assets)
        {
            var tokenAddress = await DeployAsync(token.CreationCode("string,string,uint8", asset.TokenName, asset.TokenSymbol, new BigInteger(asset.Decimals)), ct);
            tokens[asset.TokenSymbol] = tokenAddress;
            profile.Tokens.Add(new TokenProfile { Symbol = asset.TokenSymbol, Address = tokenAddress.ToString(), Decimals = asset.Decimals, Underlying = asset.Underlying });

            var scale = BigInteger.Pow(10, DemoMarket.FeedDecimals);
            var initial = ToFixed((decimal)asset.InitialPriceUsd, DemoMarket.FeedDecimals);
            // Bounds far from the market, as on real feeds: 1e-8 USD to 1e9 USD.
            var feedAddress = await DeployAsync(feed.CreationCode("uint8,string,int256,int256,int256",
                new BigInteger(DemoMarket.FeedDecimals), $"{asset.Underlying} / USD", BigInteger.One, 1_000_000_000 * scale, initial), ct);
            profile.PriceFeeds.Add(new PriceFeedProfile { Underlying = asset.Underlying, Address = feedAddress.ToString(), HeartbeatSeconds = asset.HeartbeatSeconds });
        }

        foreach (var wallet in DemoMarket.Wallets)
        {
            var holder = Address.Parse(wallet.Address);
            await eth.RequestAsync<object?>("anvil_setBalance", [holder.ToString(), HexQuantity.Format(ToFixed(wallet.Ether, 18))], ct);
            foreach (var (symbol, amount) in wallet.Tokens)
            {
                var decimals = DemoMarket.Assets.Single(a => a.TokenSymbol == symbol).Decimals;
                await SendAsync(tokens[symbol], Mint.EncodeCall(holder, ToFixed(amount, decimals)), ct);
            }
        }
        return profile;
    }

    private async Task<Address> DeployAsync(byte[] creationCode, CancellationToken ct)
    {
        var hash = await eth.SendTransactionAsync(_deployer, null, creationCode, ct: ct);
        var receipt = await eth.WaitForReceiptAsync(hash, ct: ct);
        if (!receipt.Succeeded || receipt.ContractAddress is null)
            throw new InvalidOperationException($"deployment transaction {hash} failed");
        return receipt.ContractAddress.Value;
    }

    private async Task SendAsync(Address to, byte[] data, CancellationToken ct)
    {
        var hash = await eth.SendTransactionAsync(_deployer, to, data, ct: ct);
        var receipt = await eth.WaitForReceiptAsync(hash, ct: ct);
        if (!receipt.Succeeded) throw new InvalidOperationException($"transaction {hash} to {to} reverted");
    }

    /// <summary>An exact decimal amount as an integer with <paramref name="decimals"/> decimals.</summary>
    public static BigInteger ToFixed(decimal amount, int decimals) =>
        BigInteger.Parse(decimal.Round(amount * (decimal)Math.Pow(10, Math.Min(decimals, 10)), 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        * BigInteger.Pow(10, Math.Max(decimals - 10, 0));
}
