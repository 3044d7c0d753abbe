namespace ExposureWeb.DevChain.Deployment;

/// <summary>What the dev chain deploys and who holds what: the demo's whole market in one place.</summary>
public static class DemoMarket
{
    /// <summary>anvil's default accounts (mnemonic "test test … junk"): #0 deploys and runs the simulator.</summary>
    public const string Deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    public static readonly IReadOnlyList<DemoAsset> Assets =
    [
        // Vols are annualised; heartbeats mirror the mainnet feeds (USDC/USD updates daily).
        new("ETH", "WETH", "Wrapped Ether", 18, 3_000.00, 0.65, 3600),
        new("BTC", "WBTC", "Wrapped BTC", 8, 60_000.00, 0.50, 3600),
        new("USDC", "USDC", "USD Coin", 6, 1.00, 0.01, 86_400),
        new("LINK", "LINK", "ChainLink Token", 18, 15.00, 0.80, 3600),
    ];

    public static readonly IReadOnlyList<DemoWallet> Wallets =
    [
        new("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "Demo trader", 42.5m,
            new Dictionary<string, decimal> { ["WETH"] = 12.5m, ["WBTC"] = 0.75m, ["USDC"] = 25_000m, ["LINK"] = 1_500m }),
        new("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "Demo treasury", 7.25m,
            new Dictionary<string, decimal> { ["WETH"] = 3m, ["WBTC"] = 2.1m, ["USDC"] = 150_000m }),
    ];

    /// <summary>Feeds answer with 8 decimals, as Chainlink's USD feeds do.</summary>
    public const int FeedDecimals = 8;
}

/// <param name="Underlying">Unit of netting and feed name (ETH/USD).</param>
/// <param name="TokenSymbol">ERC-20 deployed for it.</param>
/// <param name="TokenName">ERC-20 name.</param>
/// <param name="Decimals">ERC-20 decimals (18, 8, 6 … as on mainnet).</param>
/// <param name="InitialPriceUsd">Starting oracle price, USD.</param>
/// <param name="AnnualVol">Simulator volatility, per year (0.65 = 65%).</param>
/// <param name="HeartbeatSeconds">Feed heartbeat written into the chain profile.</param>
public sealed record DemoAsset(string Underlying, string TokenSymbol, string TokenName, int Decimals, double InitialPriceUsd, double AnnualVol, int HeartbeatSeconds);

/// <param name="Address">An anvil dev account.</param>
/// <param name="Label">Shown in the portfolio.</param>
/// <param name="Ether">Native balance set on the chain, ETH.</param>
/// <param name="Tokens">Token balances minted, in token units.</param>
public sealed record DemoWallet(string Address, string Label, decimal Ether, IReadOnlyDictionary<string, decimal> Tokens);
