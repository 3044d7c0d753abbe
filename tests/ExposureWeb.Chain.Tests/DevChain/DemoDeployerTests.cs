using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.Chain.Tests.DevChain;

/// <summary>What <c>DemoDeployer</c> leaves on a fresh anvil. Read-only: no test here changes chain state.</summary>
public sealed class DemoDeployerTests(DemoChain chain) : IClassFixture<DemoChain>
{
    [Fact]
    public void DeployAsync_FreshChain_ProfilePassesValidation()
    {
        Assert.Empty(ChainProfileValidator.Validate(chain.Profile));
    }

    [Fact]
    public void DeployAsync_FreshChain_ProfileDescribesAnvilAndFourAssets()
    {
        var p = chain.Profile;

        Assert.Equal("local", p.Name);
        Assert.Equal(31337UL, p.ChainId);
        Assert.Equal([$"http://127.0.0.1:{chain.Anvil.Port}"], p.RpcUrls);
        Assert.Equal($"ws://127.0.0.1:{chain.Anvil.Port}", p.WsUrl);
        Assert.Equal(["WETH:ETH", "WBTC:BTC", "USDC:USDC", "LINK:LINK"], p.Tokens.Select(t => $"{t.Symbol}:{t.Underlying}"));
        Assert.Equal(["ETH:3600", "BTC:3600", "USDC:86400", "LINK:3600"], p.PriceFeeds.Select(f => $"{f.Underlying}:{f.HeartbeatSeconds}"));
    }

    [Fact]
    public void DeployAsync_FreshChain_Multicall3IsDeployersFirstContract()
    {
        // CREATE address of 0xf39F…2266 at nonce 0: keccak(rlp([deployer, 0]))[12:], the well-known first
        // contract address of every Hardhat/anvil dev chain. The deployer sends nothing before Multicall3.
        Assert.Equal(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), chain.Multicall3);
    }

    [Fact]
    public async Task DeployAsync_FreshChain_DeployerSentOneHundredSixtyTransactions()
    {
        // Multicall3 1 + 4 tokens + 4 feeds = 9.
        // Aave 74 (Aave's own deployment order): addresses provider, setACLAdmin, ACL manager, setACLManager, addPoolAdmin,
        //   addRiskAdmin (6); 8 logic libraries; Pool implementation, its initialize, setPoolImpl (3); PoolConfigurator
        //   implementation, initialize, setPoolConfiguratorImpl (3); AaveOracle + setPriceOracle, data provider +
        //   setPoolDataProvider (4); AToken, VariableDebtToken, StableDebtToken implementations (3); 4 rate strategies;
        //   initReserves (1); setEModeCategory (1); per reserve configureReserveAsCollateral, setReserveBorrowing, reserve
        //   factor, supply cap, borrow cap, protocol fee (6 × 4) + WETH's eMode category (25); mint + approve of 4 supplied
        //   assets (8), 4 supplies, 3 borrows (15); LINK freeze (1). The wallets' approveDelegation transactions are theirs.
        // Uniswap 30: factory, NFTDescriptor library, descriptor, position manager, SwapRouter, QuoterV2 (6); for the 3
        //   pooled tokens a mint of the deployer's float and approvals for the manager and the router (9); 2 × (createPool,
        //   initialize) (4); 3 demo positions + 2 × 2 deployer positions minted (7); 2 × 2 round-trip swaps (4).
        // GMX 8: data store, reader, 2 × (GM token, setMarket), 2 × setPosition.  oTokens 6: 3 × (deploy, mint).
        // Governance 26: votes token, the deployer's delegate, timelock, governor, 2 × grantRole + renounceRole (7); hand-over
        //   of the Aave market to the timelock: addPoolAdmin, addRiskAdmin, grant ACL admin, removeRiskAdmin, removePoolAdmin,
        //   renounce ACL admin, setACLAdmin, transferOwnership (8); GMX's DataStore seeded and handed to the timelock:
        //   2 × setUint(MIN_COLLATERAL_FACTOR of the market), setUint(MIN_COLLATERAL_USD), setController (4); the pending proposal: propose, the deployer's vote, queue (3); the 4 feeds report again after the voting moved the clock (4).
        //   (The wallets' delegates and votes are theirs; evm_increaseTime/evm_mine are not transactions.)
        // Wallet mints: trader 4 tokens, treasury 3 (7). anvil_setBalance is not a transaction.  9 + 74 + 30 + 8 + 6 + 26 + 7 = 160.
        var nonce = await chain.Eth.RequestAsync<string>("eth_getTransactionCount", [DemoChain.Deployer.ToString(), "latest"]);

        Assert.Equal(160UL, HexQuantity.ParseUInt64(nonce));
    }

    [Fact]
    public async Task DeployAsync_FreshChain_EveryProtocolSectionPointsAtDeployedCode()
    {
        var p = chain.Profile;
        string[] addresses = [p.AaveV3!.Pool, p.UniswapV3!.Factory, p.UniswapV3.PositionManager, p.GmxV2!.Reader, p.GmxV2.DataStore, .. p.OTokens];

        Assert.Equal(8, addresses.Distinct().Count());
        foreach (var address in addresses)
        {
            var code = await chain.Eth.RequestAsync<string>("eth_getCode", [address, "latest"]);
            Assert.True(code.Length > 2, $"no code at {address}");
        }
    }

    [Theory]
    [InlineData("WETH", 18)]
    [InlineData("WBTC", 8)]
    [InlineData("USDC", 6)]
    [InlineData("LINK", 18)]
    public async Task DeployAsync_Token_ReportsMainnetDecimalsAndSymbol(string symbol, int decimals)
    {
        var token = chain.Token(symbol);

        var onChainDecimals = (await chain.QueryOutputAsync<DecimalsFunction, DecimalsOutput>(token, new DecimalsFunction())).Decimals;
        var onChainSymbol = (await chain.QueryOutputAsync<SymbolFunction, SymbolOutput>(token, new SymbolFunction())).Symbol;

        Assert.Equal(decimals, onChainDecimals);
        Assert.Equal(symbol, onChainSymbol);
        Assert.Equal(decimals, chain.Profile.Tokens.Single(t => t.Symbol == symbol).Decimals);
    }

    [Fact]
    public async Task DeployAsync_Tokens_MinterIsDeployer()
    {
        var minter = await chain.QueryOutputAsync<MinterFunction, MinterOutput>(chain.Token("WETH"), new MinterFunction());

        Assert.Equal(DemoChain.Deployer, Address.Parse(minter.Minter));
    }

    [Theory]
    // totalSupply = trader + treasury + what the deployer minted to fund the Aave supplies + the deployer's Uniswap
    // float ($2 000 000 000 of each pooled token at its start price, to 10 decimals), in raw units:
    // WETH (12.5 + 3 + 10 + 666 666.6666666667) × 10^18, WBTC (0.75 + 2.1 + 1.5 + 33 333.33333333) × 10^8,
    // USDC (25 000 + 150 000 + 100 000 + 2 000 000 000) × 10^6, LINK (1 500 + 0 + 2 000) × 10^18 (not pooled; the treasury holds none).
    [InlineData("WETH", "666692166666666700000000")]
    [InlineData("WBTC", "3333768333333")]
    [InlineData("USDC", "2000275000000000")]
    [InlineData("LINK", "3500000000000000000000")]
    public async Task DeployAsync_Token_TotalSupplyIsSeededWalletsAaveLiquidityAndUniswapFloat(string symbol, string raw)
    {
        var supply = (await chain.QueryOutputAsync<TotalSupplyFunction, TotalSupplyOutput>(chain.Token(symbol), new TotalSupplyFunction())).TotalSupply;

        Assert.Equal(BigInteger.Parse(raw), supply);
    }

    [Theory]
    // DemoMarket initial prices × 10^8: ETH 3 000, BTC 60 000, USDC 1, LINK 15.
    [InlineData("ETH", 300_000_000_000L)]
    [InlineData("BTC", 6_000_000_000_000L)]
    [InlineData("USDC", 100_000_000L)]
    [InlineData("LINK", 1_500_000_000L)]
    public async Task DeployAsync_Feed_AnswersInitialPriceWithEightDecimalsInRoundTwo(string underlying, long answer)
    {
        var feed = chain.Feed(underlying);

        var decimals = (await chain.QueryOutputAsync<FeedDecimalsFunction, FeedDecimalsOutput>(feed, new FeedDecimalsFunction())).Decimals;
        var description = (await chain.QueryOutputAsync<DescriptionFunction, DescriptionOutput>(feed, new DescriptionFunction())).Description;
        var round = await chain.LatestRoundAsync(feed);

        Assert.Equal(8, decimals);
        Assert.Equal($"{underlying} / USD", description);
        // Round 1 at creation, round 2 the same price reported again after governance's voting moved the clock, so
        // the deployed chain's feeds are fresh at its last block.
        Assert.Equal(new BigInteger(2), round.Round);
        Assert.Equal(new BigInteger(answer), round.Answer);
        Assert.Equal((await chain.BlockAsync()).Timestamp.ToUnixTimeSeconds(), (long)round.UpdatedAt, 60.0);
    }
}
