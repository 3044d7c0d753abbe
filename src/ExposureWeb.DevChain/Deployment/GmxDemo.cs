using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// GMX v2 on the dev chain: the DataStore marker, the Reader, a GM market token per market of
/// <see cref="DemoMarket.GmxMarkets"/> and the positions of <see cref="DemoMarket.GmxPositions"/>.
/// </summary>
internal static class GmxDemo
{
    /// <summary>GMX keeps USD amounts (sizeInUsd) and factors with 30 decimals.</summary>
    public const int UsdDecimals = 30;

    private static readonly AbiFunction SetMarket = AbiFunction.Parse("setMarket((address,address,address,address))");
    private static readonly AbiFunction SetPosition = AbiFunction.Parse(
        "setPosition(((address,address,address),(uint256,uint256,uint256,int256,uint256,uint256,uint256,uint256,uint256,uint256),(bool))) returns (bytes32)");

    public static async Task<GmxV2Profile> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens)
    {
        var dataStore = await tx.DeployAsync("DemoGmxDataStore");
        var reader = await tx.DeployAsync("DemoGmxReader", "address", dataStore);

        var marketTokens = new Dictionary<string, Address>();
        foreach (var m in DemoMarket.GmxMarkets)
        {
            // GMX's market tokens (GM) are ERC-20s named "GMX Market", symbol "GM", 18 decimals.
            var marketToken = await tx.DeployAsync("DemoToken", "string,string,uint8", "GMX Market", "GM", new BigInteger(18));
            marketTokens[m.Name] = marketToken;
            object[] props = [marketToken, tokens[m.IndexToken], tokens[m.LongToken], tokens[m.ShortToken]];
            await tx.SendAsync(reader, SetMarket, [props]);
        }

        foreach (var p in DemoMarket.GmxPositions)
        {
            var market = DemoMarket.GmxMarkets.Single(m => m.Name == p.Market);
            var indexDecimals = DemoMarket.Asset(market.IndexToken).Decimals;
            object[] addresses = [Address.Parse(p.Wallet), marketTokens[p.Market], tokens[p.CollateralToken]];
            object[] numbers =
            [
                DemoDeployer.ToFixed(p.SizeUsd, UsdDecimals),
                DemoDeployer.ToFixed(p.SizeInTokens, indexDecimals),
                DemoDeployer.ToFixed(p.CollateralAmount, DemoMarket.Asset(p.CollateralToken).Decimals),
                DemoDeployer.ToFixed(p.PendingImpactAmount, indexDecimals),
                DemoDeployer.ToFixed(p.BorrowingFactor, UsdDecimals),
                new BigInteger(p.FundingFeeAmountPerSize),
                new BigInteger(p.LongTokenClaimableFundingAmountPerSize),
                new BigInteger(p.ShortTokenClaimableFundingAmountPerSize),
                BigInteger.Zero, // increasedAtTime: the reader stamps the block time
                BigInteger.Zero, // decreasedAtTime: never decreased
            ];
            object[] flags = [p.IsLong];
            object[] position = [addresses, numbers, flags];
            await tx.SendAsync(reader, SetPosition, [position]);
        }

        return new GmxV2Profile { Reader = reader.ToString(), DataStore = dataStore.ToString() };
    }
}
