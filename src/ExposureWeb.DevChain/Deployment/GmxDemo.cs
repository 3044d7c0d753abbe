using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// GMX v2 on the dev chain: the DataStore marker, the Reader, a GM market token per market of
/// <see cref="DemoMarket.GmxMarkets"/> and the positions of <see cref="DemoMarket.GmxPositions"/>.
/// </summary>
internal static class GmxDemo
{
    /// <summary>GMX keeps USD amounts (sizeInUsd) and factors with 30 decimals.</summary>
    public const int UsdDecimals = 30;

    public static async Task<GmxV2Profile> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens)
    {
        var dataStore = await tx.DeployAsync(new DemoGmxDataStoreDeployment());
        var reader = await tx.DeployAsync(new DemoGmxReaderDeployment { DataStore = dataStore.ToString() });

        var marketTokens = new Dictionary<string, Address>();
        foreach (var m in DemoMarket.GmxMarkets)
        {
            // GMX's market tokens (GM) are ERC-20s named "GMX Market", symbol "GM", 18 decimals.
            var marketToken = await tx.DeployAsync(new DemoTokenDeployment { Name = "GMX Market", Symbol = "GM", Decimals = 18 });
            marketTokens[m.Name] = marketToken;
            await tx.SendAsync(reader, new SetMarketFunction
            {
                Market = new MarketProps
                {
                    MarketToken = marketToken.ToString(), IndexToken = tokens[m.IndexToken].ToString(),
                    LongToken = tokens[m.LongToken].ToString(), ShortToken = tokens[m.ShortToken].ToString(),
                },
            });
        }

        foreach (var p in DemoMarket.GmxPositions)
        {
            var market = DemoMarket.GmxMarkets.Single(m => m.Name == p.Market);
            var indexDecimals = DemoMarket.Asset(market.IndexToken).Decimals;
            var position = new PositionProps
            {
                Addresses = new PositionAddresses { Account = p.Wallet, Market = marketTokens[p.Market].ToString(), CollateralToken = tokens[p.CollateralToken].ToString() },
                Numbers = new PositionNumbers
                {
                    SizeInUsd = DemoDeployer.ToFixed(p.SizeUsd, UsdDecimals),
                    SizeInTokens = DemoDeployer.ToFixed(p.SizeInTokens, indexDecimals),
                    CollateralAmount = DemoDeployer.ToFixed(p.CollateralAmount, DemoMarket.Asset(p.CollateralToken).Decimals),
                    PendingImpactAmount = DemoDeployer.ToFixed(p.PendingImpactAmount, indexDecimals),
                    BorrowingFactor = DemoDeployer.ToFixed(p.BorrowingFactor, UsdDecimals),
                    FundingFeeAmountPerSize = new BigInteger(p.FundingFeeAmountPerSize),
                    LongTokenClaimableFundingAmountPerSize = new BigInteger(p.LongTokenClaimableFundingAmountPerSize),
                    ShortTokenClaimableFundingAmountPerSize = new BigInteger(p.ShortTokenClaimableFundingAmountPerSize),
                    IncreasedAtTime = BigInteger.Zero, // the reader stamps the block time
                    DecreasedAtTime = BigInteger.Zero, // never decreased
                },
                Flags = new PositionFlags { IsLong = p.IsLong },
            };
            await tx.SendAsync(reader, new SetPositionFunction { Position = position });
        }

        return new GmxV2Profile { Reader = reader.ToString(), DataStore = dataStore.ToString() };
    }
}
