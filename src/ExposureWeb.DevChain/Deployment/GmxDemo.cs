using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.GmxV2;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// GMX v2 on the dev chain: the DataStore, the Reader, a GM market token per market of
/// <see cref="DemoMarket.GmxMarkets"/> and the positions of <see cref="DemoMarket.GmxPositions"/>; after governance is
/// deployed, the markets' margin parameters in the DataStore and its control handed to the timelock
/// (<see cref="ConfigureAndHandOverAsync"/>).
/// </summary>
internal static class GmxDemo
{
    /// <summary>GMX keeps USD amounts (sizeInUsd) and factors with 30 decimals.</summary>
    public const int UsdDecimals = 30;

    public static async Task<GmxDeployment> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens)
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

        return new GmxDeployment(new GmxV2Profile { Reader = reader.ToString(), DataStore = dataStore.ToString() }, dataStore, marketTokens);
    }

    /// <summary>
    /// Seeds the DataStore as GMX's config keeper would — each market's MIN_COLLATERAL_FACTOR
    /// (<see cref="DemoGmxMarket.MinCollateralFactor"/>) and the global MIN_COLLATERAL_USD — then makes
    /// <paramref name="timelock"/> its only controller, so a margin parameter changes only through a proposal.
    /// </summary>
    /// <remarks>After governance, like Aave's hand-over: the transactions deploy nothing, so no address of the demo moves.</remarks>
    public static async Task ConfigureAndHandOverAsync(DemoTransactions tx, GmxDeployment gmx, Address timelock)
    {
        foreach (var m in DemoMarket.GmxMarkets)
        {
            await tx.SendAsync(gmx.DataStore, new SetUintFunction
            {
                Key = GmxKeys.MinCollateralFactorKey(gmx.MarketTokens[m.Name]), Value = DemoDeployer.ToFixed(m.MinCollateralFactor, UsdDecimals),
            });
        }
        await tx.SendAsync(gmx.DataStore, new SetUintFunction { Key = GmxKeys.MinCollateralUsd, Value = DemoDeployer.ToFixed(DemoMarket.GmxMinCollateralUsd, UsdDecimals) });
        await tx.SendAsync(gmx.DataStore, new SetControllerFunction { NewController = timelock.ToString() });
    }
}

/// <summary>What <see cref="GmxDemo.DeployAsync"/> put on the chain.</summary>
/// <param name="Profile">The profile's gmxV2 section.</param>
/// <param name="DataStore">The DataStore.</param>
/// <param name="MarketTokens">Each market's GM token by <see cref="DemoGmxMarket.Name"/>.</param>
public sealed record GmxDeployment(GmxV2Profile Profile, Address DataStore, IReadOnlyDictionary<string, Address> MarketTokens);
