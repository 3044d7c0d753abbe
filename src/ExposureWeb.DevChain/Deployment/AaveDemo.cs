using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.DevChain.Contracts.Messages;
using System.Numerics;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Aave v3 on the dev chain: oracle on the demo feeds, addresses provider, pool and configurator, the reserves of
/// <see cref="DemoMarket.AaveReserves"/> and the accounts of <see cref="DemoMarket.AavePositions"/>.
/// </summary>
/// <remarks>
/// Seeding goes through the pool's real entry points: the deployer mints the underlying it needs, supplies it on
/// behalf of each wallet, and borrows on behalf of each wallet after the wallet delegated credit to it (Aave's
/// approveDelegation), so the borrowed tokens land with the deployer and the wallets' spot balances do not change.
/// Reserves marked frozen are frozen last: a frozen reserve takes no supply or borrow.
/// </remarks>
internal static class AaveDemo
{
    public const string MarketId = "Aave Ethereum Market";

    public static async Task<AaveV3Profile> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens, IReadOnlyDictionary<string, Address> feeds)
    {
        var oracle = await tx.DeployAsync(new DemoAaveOracleDeployment());
        var listed = DemoMarket.AaveReserves.Select(r => r.Symbol).ToArray();
        await tx.SendAsync(oracle, new SetAssetSourcesFunction
        {
            Assets = listed.Select(s => tokens[s].ToString()).ToList(),
            Sources = listed.Select(s => feeds[s].ToString()).ToList(),
        });

        var provider = (await tx.DeployAsync(new DemoPoolAddressesProviderDeployment { MarketId = MarketId })).ToString();
        var pool = await tx.DeployAsync(new DemoAavePoolDeployment { Provider = provider });
        var configurator = await tx.DeployAsync(new DemoPoolConfiguratorDeployment { Provider = provider });
        await tx.SendAsync(Address.Parse(provider), new SetAddressFunction { AddressId = SetAddressFunction.Id("POOL"), NewAddress = pool.ToString() });
        await tx.SendAsync(Address.Parse(provider), new SetAddressFunction { AddressId = SetAddressFunction.Id("POOL_CONFIGURATOR"), NewAddress = configurator.ToString() });
        await tx.SendAsync(Address.Parse(provider), new SetAddressFunction { AddressId = SetAddressFunction.Id("PRICE_ORACLE"), NewAddress = oracle.ToString() });

        foreach (var r in DemoMarket.AaveReserves)
        {
            var asset = tokens[r.Symbol].ToString();
            await tx.SendAsync(configurator, new InitReserveFunction
            {
                Asset = asset, LiquidityRate = DemoDeployer.ToFixed(r.SupplyRate, 27), VariableBorrowRate = DemoDeployer.ToFixed(r.VariableBorrowRate, 27),
            });
            await tx.SendAsync(configurator, new ConfigureReserveAsCollateralFunction
            {
                Asset = asset, Ltv = r.Ltv, LiquidationThreshold = r.LiquidationThreshold, LiquidationBonus = r.LiquidationBonus,
            });
            if (r.BorrowingEnabled) await tx.SendAsync(configurator, new SetReserveBorrowingFunction { Asset = asset, Enabled = true });
            await tx.SendAsync(configurator, new SetReserveFactorFunction { Asset = asset, ReserveFactor = r.ReserveFactor });
            await tx.SendAsync(configurator, new SetSupplyCapFunction { Asset = asset, SupplyCap = r.SupplyCap });
            await tx.SendAsync(configurator, new SetBorrowCapFunction { Asset = asset, BorrowCap = r.BorrowCap });
            await tx.SendAsync(configurator, new SetLiquidationProtocolFeeFunction { Asset = asset, Fee = r.LiquidationProtocolFee });
            if (r.EModeCategory != 0) await tx.SendAsync(configurator, new SetAssetEModeCategoryFunction { Asset = asset, CategoryId = (byte)r.EModeCategory });
        }

        await SeedAsync(tx, tokens, pool);

        foreach (var r in DemoMarket.AaveReserves.Where(r => r.Frozen))
            await tx.SendAsync(configurator, new SetReserveFreezeFunction { Asset = tokens[r.Symbol].ToString(), Freeze = true });

        return new AaveV3Profile { Pool = pool.ToString() };
    }

    private static async Task SeedAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens, Address pool)
    {
        var supplied = DemoMarket.AavePositions.SelectMany(p => p.Supplied).GroupBy(kv => kv.Key, kv => kv.Value);
        foreach (var total in supplied)
        {
            await tx.SendAsync(tokens[total.Key], new MintFunction { To = tx.Deployer, Amount = Raw(total.Key, total.Sum()) });
            await tx.SendAsync(tokens[total.Key], new ApproveFunction { Spender = pool.ToString(), Value = Raw(total.Key, total.Sum()) });
        }

        foreach (var account in DemoMarket.AavePositions)
        foreach (var (symbol, amount) in account.Supplied)
            await tx.SendAsync(pool, new SupplyFunction { Asset = tokens[symbol].ToString(), Amount = Raw(symbol, amount), OnBehalfOf = account.Wallet });

        foreach (var account in DemoMarket.AavePositions)
        foreach (var (symbol, amount) in account.Borrowed)
        {
            var reserve = await tx.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(pool, new GetReserveDataFunction { Asset = tokens[symbol].ToString() });
            var debtToken = Address.Parse(reserve.Data.VariableDebtTokenAddress);
            await tx.SendFromAsync(account.Wallet, debtToken, new ApproveDelegationFunction { Delegatee = tx.Deployer, Amount = Raw(symbol, amount) });
            await tx.SendAsync(pool, new BorrowFunction
            {
                Asset = tokens[symbol].ToString(), Amount = Raw(symbol, amount), InterestRateMode = BorrowFunction.VariableRate, OnBehalfOf = account.Wallet,
            });
        }
    }

    private static BigInteger Raw(string symbol, decimal amount) => DemoDeployer.ToFixed(amount, DemoMarket.Asset(symbol).Decimals);
}
