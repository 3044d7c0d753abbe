using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.DevChain.Contracts.Messages;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

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
/// <para>Everything goes through Nethereum (<see cref="DevChainWeb3"/>): typed deployment and function messages.</para>
/// </remarks>
public sealed class DemoDeployer(IWeb3 web3)
{
    /// <summary>The official protocol builds the last <see cref="DeployAsync"/> put on the chain (and the pools they created).</summary>
    public IReadOnlyList<OfficialDeployment> Official { get; private set; } = [];

    public async Task<ChainProfile> DeployAsync(string chainName, Uri rpcUrl, Uri wsUrl, CancellationToken ct)
    {
        var tx = new DemoTransactions(web3, ct);
        Official = tx.Official;
        var multicall = await tx.DeployAsync(new Multicall3Deployment());

        var profile = new ChainProfile
        {
            Name = chainName,
            ChainId = (ulong)(await web3.Eth.ChainId.SendRequestAsync()).Value,
            RpcUrls = [rpcUrl.ToString().TrimEnd('/')],
            WsUrl = wsUrl.ToString().TrimEnd('/'),
            Multicall3 = multicall.ToString(),
        };

        var tokens = new Dictionary<string, Address>();
        var feeds = new Dictionary<string, Address>();
        foreach (var asset in DemoMarket.Assets)
        {
            var tokenAddress = await tx.DeployAsync(new DemoTokenDeployment { Name = asset.TokenName, Symbol = asset.TokenSymbol, Decimals = (byte)asset.Decimals });
            tokens[asset.TokenSymbol] = tokenAddress;
            profile.Tokens.Add(new TokenProfile { Symbol = asset.TokenSymbol, Address = tokenAddress.ToString(), Decimals = asset.Decimals, Underlying = asset.Underlying });

            var scale = BigInteger.Pow(10, DemoMarket.FeedDecimals);
            // Bounds far from the market, as on real feeds: 1e-8 USD to 1e9 USD.
            var feedAddress = await tx.DeployAsync(new DemoPriceFeedDeployment
            {
                Decimals = DemoMarket.FeedDecimals, Description = $"{asset.Underlying} / USD",
                MinAnswer = BigInteger.One, MaxAnswer = 1_000_000_000 * scale, InitialAnswer = InitialFeedAnswer(asset),
            });
            feeds[asset.TokenSymbol] = feedAddress;
            profile.PriceFeeds.Add(new PriceFeedProfile { Underlying = asset.Underlying, Address = feedAddress.ToString(), HeartbeatSeconds = asset.HeartbeatSeconds });
        }

        var aave = await AaveDemo.DeployAsync(tx, tokens, feeds);
        profile.AaveV3 = aave.Profile;
        profile.UniswapV3 = await UniswapDemo.DeployAsync(tx, tokens);
        var gmx = await GmxDemo.DeployAsync(tx, tokens);
        profile.GmxV2 = gmx.Profile;
        profile.OTokens = await OTokenDemo.DeployAsync(tx, tokens);

        // Governance last but one: from here on only a proposal changes Aave's parameters or GMX's margin parameters, and one is already pending.
        // (Before the wallets' balances: the wallets vote, and the gas they spend must not show.)
        var governance = await GovernanceDemo.DeployAsync(tx);
        profile.Governance = governance.ToProfile();
        await AaveDemo.HandOverAsync(tx, aave, governance.Timelock);
        await GmxDemo.ConfigureAndHandOverAsync(tx, gmx, governance.Timelock);
        await GovernanceDemo.ProposeAndQueueAsync(tx, governance, PendingProposal(tokens, aave.Configurator));
        // Voting moved the chain's clock on by minutes: the feeds report their prices again, so they are fresh "now".
        foreach (var asset in DemoMarket.Assets)
            await tx.SendAsync(feeds[asset.TokenSymbol], new Chain.Protocols.Chainlink.UpdateAnswerFunction { Answer = InitialFeedAnswer(asset) });

        foreach (var wallet in DemoMarket.Wallets)
        {
            var holder = Address.Parse(wallet.Address).ToString();
            await web3.Client.SendRequestAsync("anvil_setBalance", null, holder, new HexBigInteger(ToFixed(wallet.Ether, 18)));
            foreach (var (symbol, amount) in wallet.Tokens)
                await tx.SendAsync(tokens[symbol], new MintFunction { To = holder, Amount = ToFixed(amount, DemoMarket.Asset(symbol).Decimals) });
        }
        return profile;
    }

    private static GovernanceProposal PendingProposal(IReadOnlyDictionary<string, Address> tokens, Address configurator)
    {
        var p = DemoMarket.PendingProposal;
        var call = new Chain.Protocols.Aave.ConfigureReserveAsCollateralFunction
        {
            Asset = tokens[p.Symbol].ToString(), Ltv = p.Ltv, LiquidationThreshold = p.LiquidationThreshold, LiquidationBonus = p.LiquidationBonus,
        };
        return GovernanceProposal.Single(configurator, Nethereum.Contracts.FunctionMessageExtensions.GetCallData(call), p.Description);
    }

    /// <summary>The feed's first answer: the asset's initial USD price with <see cref="DemoMarket.FeedDecimals"/> decimals.</summary>
    public static BigInteger InitialFeedAnswer(DemoAsset asset) => ToFixed((decimal)asset.InitialPriceUsd, DemoMarket.FeedDecimals);

    /// <summary>An exact decimal amount as an integer with <paramref name="decimals"/> decimals.</summary>
    public static BigInteger ToFixed(decimal amount, int decimals) =>
        BigInteger.Parse(decimal.Round(amount * (decimal)Math.Pow(10, Math.Min(decimals, 10)), 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        * BigInteger.Pow(10, Math.Max(decimals - 10, 0));
}
