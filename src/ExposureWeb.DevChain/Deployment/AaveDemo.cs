using System.Numerics;
using System.Text;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;

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

    private static readonly AbiFunction SetAssetSources = AbiFunction.Parse("setAssetSources(address[],address[])");
    private static readonly AbiFunction SetAddress = AbiFunction.Parse("setAddress(bytes32,address)");
    private static readonly AbiFunction InitReserve = AbiFunction.Parse("initReserve(address,uint128,uint128)");
    private static readonly AbiFunction ConfigureReserveAsCollateral = AbiFunction.Parse("configureReserveAsCollateral(address,uint256,uint256,uint256)");
    private static readonly AbiFunction SetReserveBorrowing = AbiFunction.Parse("setReserveBorrowing(address,bool)");
    private static readonly AbiFunction SetReserveFactor = AbiFunction.Parse("setReserveFactor(address,uint256)");
    private static readonly AbiFunction SetSupplyCap = AbiFunction.Parse("setSupplyCap(address,uint256)");
    private static readonly AbiFunction SetBorrowCap = AbiFunction.Parse("setBorrowCap(address,uint256)");
    private static readonly AbiFunction SetLiquidationProtocolFee = AbiFunction.Parse("setLiquidationProtocolFee(address,uint256)");
    private static readonly AbiFunction SetAssetEModeCategory = AbiFunction.Parse("setAssetEModeCategory(address,uint8)");
    private static readonly AbiFunction SetReserveFreeze = AbiFunction.Parse("setReserveFreeze(address,bool)");
    private static readonly AbiFunction Mint = AbiFunction.Parse("mint(address,uint256)");
    private static readonly AbiFunction Approve = AbiFunction.Parse("approve(address,uint256) returns (bool)");
    private static readonly AbiFunction Supply = AbiFunction.Parse("supply(address,uint256,address,uint16)");
    private static readonly AbiFunction Borrow = AbiFunction.Parse("borrow(address,uint256,uint256,uint16,address)");
    private static readonly AbiFunction ApproveDelegation = AbiFunction.Parse("approveDelegation(address,uint256)");
    private static readonly AbiFunction GetReserveData = AbiFunction.Parse(
        "getReserveData(address) returns (uint256,uint128,uint128,uint128,uint128,uint128,uint40,uint16,address,address,address,address,uint128,uint128,uint128)");

    /// <summary>Aave's interestRateMode for variable debt.</summary>
    private const int VariableRate = 2;

    public static async Task<AaveV3Profile> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens, IReadOnlyDictionary<string, Address> feeds)
    {
        var oracle = await tx.DeployAsync("DemoAaveOracle");
        var listed = DemoMarket.AaveReserves.Select(r => r.Symbol).ToArray();
        await tx.SendAsync(oracle, SetAssetSources, listed.Select(s => (object)tokens[s]).ToArray(), listed.Select(s => (object)feeds[s]).ToArray());

        var provider = await tx.DeployAsync("DemoPoolAddressesProvider", "string", MarketId);
        var pool = await tx.DeployAsync("DemoAavePool", "address", provider);
        var configurator = await tx.DeployAsync("DemoPoolConfigurator", "address", provider);
        await tx.SendAsync(provider, SetAddress, Id("POOL"), pool);
        await tx.SendAsync(provider, SetAddress, Id("POOL_CONFIGURATOR"), configurator);
        await tx.SendAsync(provider, SetAddress, Id("PRICE_ORACLE"), oracle);

        foreach (var r in DemoMarket.AaveReserves)
        {
            var asset = tokens[r.Symbol];
            await tx.SendAsync(configurator, InitReserve, asset, DemoDeployer.ToFixed(r.SupplyRate, 27), DemoDeployer.ToFixed(r.VariableBorrowRate, 27));
            await tx.SendAsync(configurator, ConfigureReserveAsCollateral, asset, r.Ltv, r.LiquidationThreshold, r.LiquidationBonus);
            if (r.BorrowingEnabled) await tx.SendAsync(configurator, SetReserveBorrowing, asset, true);
            await tx.SendAsync(configurator, SetReserveFactor, asset, r.ReserveFactor);
            await tx.SendAsync(configurator, SetSupplyCap, asset, r.SupplyCap);
            await tx.SendAsync(configurator, SetBorrowCap, asset, r.BorrowCap);
            await tx.SendAsync(configurator, SetLiquidationProtocolFee, asset, r.LiquidationProtocolFee);
            if (r.EModeCategory != 0) await tx.SendAsync(configurator, SetAssetEModeCategory, asset, r.EModeCategory);
        }

        await SeedAsync(tx, tokens, pool);

        foreach (var r in DemoMarket.AaveReserves.Where(r => r.Frozen))
            await tx.SendAsync(configurator, SetReserveFreeze, tokens[r.Symbol], true);

        return new AaveV3Profile { Pool = pool.ToString() };
    }

    private static async Task SeedAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens, Address pool)
    {
        var supplied = DemoMarket.AavePositions.SelectMany(p => p.Supplied).GroupBy(kv => kv.Key, kv => kv.Value);
        foreach (var total in supplied)
        {
            await tx.SendAsync(tokens[total.Key], Mint, tx.Deployer, Raw(total.Key, total.Sum()));
            await tx.SendAsync(tokens[total.Key], Approve, pool, Raw(total.Key, total.Sum()));
        }

        foreach (var account in DemoMarket.AavePositions)
        foreach (var (symbol, amount) in account.Supplied)
            await tx.SendAsync(pool, Supply, tokens[symbol], Raw(symbol, amount), Address.Parse(account.Wallet), 0);

        foreach (var account in DemoMarket.AavePositions)
        foreach (var (symbol, amount) in account.Borrowed)
        {
            var wallet = Address.Parse(account.Wallet);
            var debtToken = (Address)(await tx.CallAsync(pool, GetReserveData, tokens[symbol]))[10];
            await tx.SendFromAsync(wallet, debtToken, ApproveDelegation, tx.Deployer, Raw(symbol, amount));
            await tx.SendAsync(pool, Borrow, tokens[symbol], Raw(symbol, amount), VariableRate, 0, wallet);
        }
    }

    private static BigInteger Raw(string symbol, decimal amount) => DemoDeployer.ToFixed(amount, DemoMarket.Asset(symbol).Decimals);

    /// <summary>A PoolAddressesProvider id: the ASCII name left-aligned in 32 bytes, as Solidity's <c>bytes32 x = "POOL"</c>.</summary>
    private static byte[] Id(string name)
    {
        var id = new byte[32];
        Encoding.ASCII.GetBytes(name).CopyTo(id, 0);
        return id;
    }
}
