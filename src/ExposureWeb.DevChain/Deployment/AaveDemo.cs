using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Governance;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Aave v3 on the dev chain, from the official build (@aave/core-v3 1.19.3, Aave v3.0.2), set up the way Aave's own
/// deployment scripts do: PoolAddressesProvider and ACLManager; the logic libraries, then the Pool and PoolConfigurator
/// implementations behind the provider's proxies; AaveOracle on the demo feeds; AaveProtocolDataProvider; the reserves of
/// <see cref="DemoMarket.AaveReserves"/> listed with their token implementations and interest-rate strategies and
/// configured; then the accounts of <see cref="DemoMarket.AavePositions"/>.
/// </summary>
/// <remarks>
/// Seeding goes through the pool's real entry points: the deployer mints the underlying it needs, supplies it on
/// behalf of each wallet, and borrows on behalf of each wallet after the wallet delegated credit to it (Aave's
/// approveDelegation), so the borrowed tokens land with the deployer and the wallets' spot balances do not change.
/// Reserves marked frozen are frozen last: a frozen reserve takes no supply or borrow. The deployer is the pool and
/// risk admin while setting up; <see cref="AclManager"/> lets governance take those roles over.
/// </remarks>
internal static class AaveDemo
{
    public const string MarketId = "Aave Ethereum Market";

    /// <summary>The proxy Aave puts in front of the Pool, the PoolConfigurator and every reserve token.</summary>
    private const string Proxy = "InitializableImmutableAdminUpgradeabilityProxy";

    /// <summary>Ray: Aave's 27-decimal fixed point for rates.</summary>
    private const int Ray = 27;

    /// <summary>The libraries the Pool links against, in deployment order (FlashLoanLogic itself links BorrowLogic).</summary>
    private static readonly string[] PoolLibraries = ["SupplyLogic", "BorrowLogic", "LiquidationLogic", "EModeLogic", "BridgeLogic", "PoolLogic", "FlashLoanLogic"];

    public static async Task<AaveMarket> DeployAsync(
        DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens, IReadOnlyDictionary<string, Address> feeds)
    {
        var deployer = tx.Deployer;
        var provider = await tx.DeployOfficialAsync("PoolAddressesProvider", new PoolAddressesProviderDeployment { MarketId = MarketId, Owner = deployer });
        await tx.SendAsync(provider, new SetAclAdminFunction { NewAclAdmin = deployer });
        var acl = await tx.DeployOfficialAsync("ACLManager", new AclManagerDeployment { Provider = provider.ToString() });
        await tx.SendAsync(provider, new SetAclManagerFunction { NewAclManager = acl.ToString() });
        await tx.SendAsync(acl, new AddPoolAdminFunction { Admin = deployer });
        await tx.SendAsync(acl, new AddRiskAdminFunction { Admin = deployer });

        var libraries = new Dictionary<string, Address>();
        foreach (var library in PoolLibraries.Append("ConfiguratorLogic"))
        {
            var linked = OfficialArtifact.Load(library).Libraries.ToDictionary(l => l, l => libraries[l]);
            libraries[library] = await tx.DeployOfficialAsync(library, new AaveLibraryDeployment { ByteCode = LinkedDeployment.Linked(library, linked) }, linked);
        }
        var poolLibraries = PoolLibraries.ToDictionary(l => l, l => libraries[l]);
        var poolImpl = await tx.DeployOfficialAsync("Pool", new PoolDeployment { ByteCode = LinkedDeployment.Linked("Pool", poolLibraries), Provider = provider.ToString() }, poolLibraries);
        await tx.SendAsync(poolImpl, new PoolInitializeFunction { Provider = provider.ToString() });
        await tx.SendAsync(provider, new SetPoolImplFunction { NewPoolImpl = poolImpl.ToString() });
        var pool = await AddressAsync(tx, provider, new ProviderGetPoolFunction());
        tx.Official.Add(new OfficialDeployment(Proxy, pool, new Dictionary<string, Address>()));

        var configuratorLibraries = new Dictionary<string, Address> { ["ConfiguratorLogic"] = libraries["ConfiguratorLogic"] };
        var configuratorImpl = await tx.DeployOfficialAsync("PoolConfigurator",
            new PoolConfiguratorDeployment { ByteCode = LinkedDeployment.Linked("PoolConfigurator", configuratorLibraries) }, configuratorLibraries);
        await tx.SendAsync(configuratorImpl, new PoolConfiguratorInitializeFunction { Provider = provider.ToString() });
        await tx.SendAsync(provider, new SetPoolConfiguratorImplFunction { NewPoolConfiguratorImpl = configuratorImpl.ToString() });
        var configurator = await AddressAsync(tx, provider, new GetPoolConfiguratorFunction());
        tx.Official.Add(new OfficialDeployment(Proxy, configurator, new Dictionary<string, Address>()));

        var listed = DemoMarket.AaveReserves.Select(r => r.Symbol).ToList();
        var oracle = await tx.DeployOfficialAsync("AaveOracle", new AaveOracleDeployment
        {
            Provider = provider.ToString(), Assets = listed.Select(s => tokens[s].ToString()).ToList(), Sources = listed.Select(s => feeds[s].ToString()).ToList(),
            BaseCurrencyUnit = BigInteger.Pow(10, DemoMarket.FeedDecimals),
        });
        await tx.SendAsync(provider, new SetPriceOracleFunction { NewPriceOracle = oracle.ToString() });
        var dataProvider = await tx.DeployOfficialAsync("AaveProtocolDataProvider", new AaveProtocolDataProviderDeployment { AddressesProvider = provider.ToString() });
        await tx.SendAsync(provider, new SetPoolDataProviderFunction { NewDataProvider = dataProvider.ToString() });

        var aTokenImpl = await tx.DeployOfficialAsync("AToken", new ATokenDeployment { Pool = pool.ToString() });
        var variableDebtImpl = await tx.DeployOfficialAsync("VariableDebtToken", new VariableDebtTokenDeployment { Pool = pool.ToString() });
        var stableDebtImpl = await tx.DeployOfficialAsync("StableDebtToken", new StableDebtTokenDeployment { Pool = pool.ToString() });

        var inputs = new List<InitReserveInput>();
        foreach (var r in DemoMarket.AaveReserves)
        {
            var strategy = await tx.DeployOfficialAsync("DefaultReserveInterestRateStrategy", Strategy(provider, r.Rates));
            inputs.Add(new InitReserveInput
            {
                ATokenImpl = aTokenImpl.ToString(), StableDebtTokenImpl = stableDebtImpl.ToString(), VariableDebtTokenImpl = variableDebtImpl.ToString(),
                UnderlyingAssetDecimals = (byte)DemoMarket.Asset(r.Symbol).Decimals, InterestRateStrategyAddress = strategy.ToString(),
                UnderlyingAsset = tokens[r.Symbol].ToString(), Treasury = DemoMarket.AaveTreasury,
                ATokenName = $"Aave Ethereum {r.Symbol}", ATokenSymbol = $"aEth{r.Symbol}",
                VariableDebtTokenName = $"Aave Ethereum Variable Debt {r.Symbol}", VariableDebtTokenSymbol = $"variableDebtEth{r.Symbol}",
                StableDebtTokenName = $"Aave Ethereum Stable Debt {r.Symbol}", StableDebtTokenSymbol = $"stableDebtEth{r.Symbol}",
            });
        }
        await tx.SendAsync(configurator, new InitReservesFunction { Input = inputs });
        foreach (var r in DemoMarket.AaveReserves)
        {
            var data = (await tx.QueryOutputAsync<GetReserveDataFunction, ReserveDataOutput>(pool, new GetReserveDataFunction { Asset = tokens[r.Symbol].ToString() })).Data;
            foreach (var token in new[] { data.ATokenAddress, data.VariableDebtTokenAddress, data.StableDebtTokenAddress })
                tx.Official.Add(new OfficialDeployment(Proxy, Address.Parse(token), new Dictionary<string, Address>()));
        }

        var e = DemoMarket.AaveEModeCategory;
        await tx.SendAsync(configurator, new SetEModeCategoryFunction
        {
            CategoryId = e.Id, Ltv = e.Ltv, LiquidationThreshold = e.LiquidationThreshold, LiquidationBonus = e.LiquidationBonus, Label = e.Label,
        });
        foreach (var r in DemoMarket.AaveReserves)
        {
            var asset = tokens[r.Symbol].ToString();
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

        return new AaveMarket(new AaveV3Profile { Pool = pool.ToString() }, provider, acl, configurator);
    }

    /// <summary>
    /// Hands the market to governance: <paramref name="timelock"/> becomes pool admin, risk admin, ACL admin and the
    /// provider's owner, and the deployer gives up every role, so a parameter can only change through a proposal.
    /// </summary>
    public static async Task HandOverAsync(DemoTransactions tx, AaveMarket market, Address timelock)
    {
        var deployer = tx.Deployer;
        await tx.SendAsync(market.AclManager, new AddPoolAdminFunction { Admin = timelock.ToString() });
        await tx.SendAsync(market.AclManager, new AddRiskAdminFunction { Admin = timelock.ToString() });
        await tx.SendAsync(market.AclManager, new GrantRoleFunction { Role = new byte[32], Account = timelock.ToString() }); // DEFAULT_ADMIN_ROLE
        await tx.SendAsync(market.AclManager, new RemoveRiskAdminFunction { Admin = deployer });
        await tx.SendAsync(market.AclManager, new RemovePoolAdminFunction { Admin = deployer });
        await tx.SendAsync(market.AclManager, new RenounceRoleFunction { Role = new byte[32], CallerConfirmation = deployer });
        await tx.SendAsync(market.Provider, new SetAclAdminFunction { NewAclAdmin = timelock.ToString() });
        await tx.SendAsync(market.Provider, new TransferOwnershipFunction { NewOwner = timelock.ToString() });
    }

    /// <summary>A rate strategy with the reserve's variable curve; stable borrowing is not enabled on any demo reserve.</summary>
    private static DefaultReserveInterestRateStrategyDeployment Strategy(Address provider, DemoRateStrategy rates) => new()
    {
        Provider = provider.ToString(),
        OptimalUsageRatio = DemoDeployer.ToFixed(rates.OptimalUsage, Ray),
        BaseVariableBorrowRate = DemoDeployer.ToFixed(rates.BaseRate, Ray),
        VariableRateSlope1 = DemoDeployer.ToFixed(rates.Slope1, Ray),
        VariableRateSlope2 = DemoDeployer.ToFixed(rates.Slope2, Ray),
        StableRateSlope1 = DemoDeployer.ToFixed(rates.Slope1, Ray),
        StableRateSlope2 = DemoDeployer.ToFixed(rates.Slope2, Ray),
        BaseStableRateOffset = DemoDeployer.ToFixed(0.02m, Ray),
        StableRateExcessOffset = DemoDeployer.ToFixed(0.05m, Ray),
        OptimalStableToTotalDebtRatio = DemoDeployer.ToFixed(0.20m, Ray),
    };

    private static async Task<Address> AddressAsync<TFunction>(DemoTransactions tx, Address provider, TFunction query) where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
        Address.Parse((await tx.QueryOutputAsync<TFunction, AddressOutput>(provider, query)).Value);

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

/// <summary>The deployed Aave market: its profile section and the contracts governance takes over.</summary>
internal sealed record AaveMarket(AaveV3Profile Profile, Address Provider, Address AclManager, Address Configurator);
