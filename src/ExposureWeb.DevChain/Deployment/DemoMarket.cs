using System.Numerics;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>What the dev chain deploys and who holds what: the demo's whole market in one place.</summary>
public static class DemoMarket
{
    /// <summary>anvil's default accounts (mnemonic "test test … junk"): #0 deploys and runs the simulator.</summary>
    public const string Deployer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    /// <summary>anvil account #1, the "Demo trader": leveraged, holds every risky position kind.</summary>
    public const string Trader = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    /// <summary>anvil account #2, the "Demo treasury": conservative, hedged.</summary>
    public const string Treasury = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

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
        new(Trader, "Demo trader", 42.5m,
            new Dictionary<string, decimal> { ["WETH"] = 12.5m, ["WBTC"] = 0.75m, ["USDC"] = 25_000m, ["LINK"] = 1_500m }),
        new(Treasury, "Demo treasury", 7.25m,
            new Dictionary<string, decimal> { ["WETH"] = 3m, ["WBTC"] = 2.1m, ["USDC"] = 150_000m }),
    ];

    /// <summary>Feeds answer with 8 decimals, as Chainlink's USD feeds do.</summary>
    public const int FeedDecimals = 8;

    /// <summary>The asset whose ERC-20 has <paramref name="tokenSymbol"/>.</summary>
    public static DemoAsset Asset(string tokenSymbol) => Assets.Single(a => a.TokenSymbol == tokenSymbol);

    /// <summary>
    /// Aave v3 reserves, with risk parameters and interest-rate curves close to Aave's Ethereum market. LINK is frozen
    /// after seeding (no new supply or borrow; its LTV stays, as in Aave v3.0), with borrowing enabled, caps, a reserve
    /// factor and a protocol fee; WETH is in eMode category 1 (<see cref="AaveEModeCategory"/>). Every field of the
    /// configuration bitmap but "paused" is non-zero on some reserve. Rates follow from utilisation and accrue.
    /// </summary>
    public static readonly IReadOnlyList<DemoAaveReserve> AaveReserves =
    [
        new("WETH", Ltv: 8050, LiquidationThreshold: 8300, LiquidationBonus: 10500, ReserveFactor: 1500, LiquidationProtocolFee: 1000,
            SupplyCap: 1_800_000, BorrowCap: 1_400_000, EModeCategory: 1, BorrowingEnabled: true, Frozen: false,
            new DemoRateStrategy(OptimalUsage: 0.80m, BaseRate: 0m, Slope1: 0.033m, Slope2: 0.80m)),
        new("WBTC", 7300, 7800, 10500, 2000, 1000, 43_000, 28_000, 0, true, false, new DemoRateStrategy(0.45m, 0m, 0.04m, 3.00m)),
        new("USDC", 7500, 7800, 10450, 1000, 1000, 1_760_000_000, 1_580_000_000, 0, true, false, new DemoRateStrategy(0.90m, 0m, 0.035m, 0.60m)),
        new("LINK", 5300, 6800, 10700, 2000, 1000, 15_000_000, 13_000_000, 0, true, Frozen: true, new DemoRateStrategy(0.45m, 0m, 0.07m, 3.00m)),
    ];

    /// <summary>Aave eMode category 1 (ETH correlated): LTV 90%, liquidation threshold 93%, bonus 1%, basis points.</summary>
    public static readonly (byte Id, ushort Ltv, ushort LiquidationThreshold, ushort LiquidationBonus, string Label) AaveEModeCategory =
        (1, 9000, 9300, 10100, "ETH correlated");

    /// <summary>
    /// The proposal the demo starts with, queued in the timelock: lower WETH's liquidation threshold from 83% to 80%
    /// (LTV 80.5% → 77.5%, bonus unchanged) — the kind of change whose impact on each account the app reports.
    /// </summary>
    public static readonly DemoCollateralProposal PendingProposal = new("Lower WETH liquidation threshold to 80% (LTV 77.5%)", "WETH", 7750, 8000, 10500);

    /// <summary>Collects the Aave reserves' share of interest (the aTokens' treasury): anvil dev account #9.</summary>
    public const string AaveTreasury = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

    /// <summary>
    /// Aave v3 accounts. The deployer pays every supply (onBehalfOf the wallet) and receives every borrow (the wallet
    /// delegates credit to it), so the wallets' own token balances stay as <see cref="Wallets"/> says.
    /// </summary>
    public static readonly IReadOnlyList<DemoAavePosition> AavePositions =
    [
        // $30 000 WETH (LT 83%) + $30 000 LINK (LT 68%, LTV 0 once frozen) against $18 000 USDC + $6 000 WBTC: HF 1.8875.
        new(Trader, Supplied: new Dictionary<string, decimal> { ["WETH"] = 10m, ["LINK"] = 2_000m },
            Borrowed: new Dictionary<string, decimal> { ["USDC"] = 18_000m, ["WBTC"] = 0.1m }),
        // $100 000 USDC + $90 000 WBTC (both LT 78%) against $6 000 WETH: HF 24.7.
        new(Treasury, Supplied: new Dictionary<string, decimal> { ["USDC"] = 100_000m, ["WBTC"] = 1.5m },
            Borrowed: new Dictionary<string, decimal> { ["WETH"] = 2m }),
    ];

    /// <summary>Uniswap v3 pools, each started at the price its two feeds imply.</summary>
    public static readonly IReadOnlyList<DemoUniswapPool> UniswapPools =
    [
        new("WETH", "USDC", 500),
        new("WBTC", "WETH", 3000),
    ];

    /// <summary>Uniswap v3 positions: in range, below range (current tick under tickLower: all token0) and above range.</summary>
    public static readonly IReadOnlyList<DemoUniswapPosition> UniswapPositions =
    [
        // In range around ETH = 3 000 USDC: earns fees from the pool's trades.
        new(Trader, "WETH", "USDC", 500, LowerPrice: 2_500m, UpperPrice: 3_600m, Liquidity: 3_000_000_000_000_000),
        // ETH rose through the range: all USDC (token0), the pool's tick is below tickLower.
        new(Treasury, "WETH", "USDC", 500, 2_000m, 2_800m, 6_000_000_000_000_000),
        // BTC = 20 ETH is above the 15–18 ETH range: all WETH (token1), the pool's tick is at or above tickUpper.
        new(Trader, "WBTC", "WETH", 3000, 15m, 18m, 100_000_000_000_000),
    ];

    /// <summary>GMX v2 markets (Arbitrum-style: WETH or WBTC long token, USDC short token).</summary>
    public static readonly IReadOnlyList<DemoGmxMarket> GmxMarkets =
    [
        new("ETH/USD", IndexToken: "WETH", LongToken: "WETH", ShortToken: "USDC"),
        new("BTC/USD", "WBTC", "WBTC", "USDC"),
    ];

    /// <summary>The DataStore's global MIN_COLLATERAL_USD (GMX's: 1 USD).</summary>
    public const decimal GmxMinCollateralUsd = 1m;

    /// <summary>GMX v2 positions: an ETH long (4× on WETH collateral) and a BTC short (3× on USDC).</summary>
    public static readonly IReadOnlyList<DemoGmxPosition> GmxPositions =
    [
        new(Trader, "ETH/USD", CollateralToken: "WETH", IsLong: true, SizeUsd: 30_000m, SizeInTokens: 10m, CollateralAmount: 2.5m,
            PendingImpactAmount: -0.0025m, BorrowingFactor: 0.000182m, FundingFeeAmountPerSize: 1_234_567, LongTokenClaimableFundingAmountPerSize: 2_345_678,
            ShortTokenClaimableFundingAmountPerSize: 3_456_789),
        new(Treasury, "BTC/USD", "USDC", false, 60_000m, 1m, 20_000m, 0.0001m, 0.000097m, 4_567_890, 5_678_901, 6_789_012),
    ];

    /// <summary>
    /// Opyn Gamma oTokens on ETH, strikes in USDC. Expiry: the first Friday 08:00 UTC (Opyn's expiry time) at least
    /// <see cref="DemoOptionSeries.ExpiryInDays"/> after deployment, so the third series has already expired.
    /// </summary>
    public static readonly IReadOnlyList<DemoOptionSeries> OTokens =
    [
        new("WETH", "USDC", StrikePrice: 3_500m, IsPut: false, ExpiryInDays: 21, Holders: new Dictionary<string, decimal> { [Trader] = 10m }),
        new("WETH", "USDC", 2_500m, IsPut: true, ExpiryInDays: 49, Holders: new Dictionary<string, decimal> { [Treasury] = 25m }),
        new("WETH", "USDC", 3_200m, IsPut: false, ExpiryInDays: -10, Holders: new Dictionary<string, decimal> { [Trader] = 4m }),
    ];
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

/// <param name="Symbol">The reserve's underlying token (a <see cref="DemoAsset.TokenSymbol"/>).</param>
/// <param name="Ltv">Loan to value, basis points.</param>
/// <param name="LiquidationThreshold">Basis points.</param>
/// <param name="LiquidationBonus">Basis points including the 100% (10500 = 5% bonus).</param>
/// <param name="ReserveFactor">Basis points.</param>
/// <param name="LiquidationProtocolFee">Basis points of the bonus.</param>
/// <param name="SupplyCap">Whole tokens.</param>
/// <param name="BorrowCap">Whole tokens.</param>
/// <param name="EModeCategory">0 = none.</param>
/// <param name="BorrowingEnabled">Bit 58.</param>
/// <param name="Frozen">Frozen after the demo accounts are seeded (a frozen reserve takes no supply or borrow).</param>
/// <param name="Rates">The reserve's interest-rate curve (Aave's DefaultReserveInterestRateStrategy).</param>
public sealed record DemoAaveReserve(
    string Symbol, int Ltv, int LiquidationThreshold, int LiquidationBonus, int ReserveFactor, int LiquidationProtocolFee,
    long SupplyCap, long BorrowCap, int EModeCategory, bool BorrowingEnabled, bool Frozen, DemoRateStrategy Rates);

/// <summary>A variable borrow rate curve: base + slope1 up to the optimal usage, then slope2 above it (fractions a year).</summary>
/// <param name="OptimalUsage">Utilisation where the curve kinks (0.8 = 80%).</param>
/// <param name="BaseRate">Variable rate at zero utilisation.</param>
/// <param name="Slope1">Added rate at the optimal usage.</param>
/// <param name="Slope2">Added rate from the optimal usage to 100%.</param>
public sealed record DemoRateStrategy(decimal OptimalUsage, decimal BaseRate, decimal Slope1, decimal Slope2);

/// <param name="Wallet">The account.</param>
/// <param name="Supplied">aToken balances, token units.</param>
/// <param name="Borrowed">Variable debt, token units.</param>
public sealed record DemoAavePosition(string Wallet, IReadOnlyDictionary<string, decimal> Supplied, IReadOnlyDictionary<string, decimal> Borrowed);

/// <param name="TokenA">One token; the pool orders the two by address.</param>
/// <param name="TokenB">The other token.</param>
/// <param name="Fee">Hundredths of a basis point (500 = 0.05%).</param>
public sealed record DemoUniswapPool(string TokenA, string TokenB, int Fee);

/// <param name="Wallet">Owner of the position NFT.</param>
/// <param name="Base">The token the range is priced in (ETH in USDC per ETH).</param>
/// <param name="Quote">The token prices are expressed in.</param>
/// <param name="Fee">Fee tier of the pool.</param>
/// <param name="LowerPrice">Range bound, quote per base; rounded to the nearest usable tick.</param>
/// <param name="UpperPrice">Range bound, quote per base.</param>
/// <param name="Liquidity">Uniswap's L, raw: the position is minted with the amounts this L holds at the start price (a hair more).</param>
public sealed record DemoUniswapPosition(
    string Wallet, string Base, string Quote, int Fee, decimal LowerPrice, decimal UpperPrice, BigInteger Liquidity);

/// <param name="Name">Label, e.g. ETH/USD.</param>
/// <param name="IndexToken">Token whose price the market tracks.</param>
/// <param name="LongToken">Backs longs.</param>
/// <param name="ShortToken">Backs shorts.</param>
/// <param name="MinCollateralFactor">The DataStore's MIN_COLLATERAL_FACTOR for the market (fraction of size; GMX's main markets: 1%).</param>
public sealed record DemoGmxMarket(string Name, string IndexToken, string LongToken, string ShortToken, decimal MinCollateralFactor = 0.01m);

/// <param name="Wallet">The account.</param>
/// <param name="Market">A <see cref="DemoGmxMarket.Name"/>.</param>
/// <param name="CollateralToken">Token symbol.</param>
/// <param name="IsLong">Direction.</param>
/// <param name="SizeUsd">sizeInUsd, USD (stored with 30 decimals).</param>
/// <param name="SizeInTokens">Index token units.</param>
/// <param name="CollateralAmount">Collateral token units.</param>
/// <param name="PendingImpactAmount">Index token units, signed.</param>
/// <param name="BorrowingFactor">Cumulative borrowing factor at the last update (stored with 30 decimals).</param>
/// <param name="FundingFeeAmountPerSize">Raw.</param>
/// <param name="LongTokenClaimableFundingAmountPerSize">Raw.</param>
/// <param name="ShortTokenClaimableFundingAmountPerSize">Raw.</param>
public sealed record DemoGmxPosition(
    string Wallet, string Market, string CollateralToken, bool IsLong, decimal SizeUsd, decimal SizeInTokens, decimal CollateralAmount,
    decimal PendingImpactAmount, decimal BorrowingFactor, long FundingFeeAmountPerSize, long LongTokenClaimableFundingAmountPerSize,
    long ShortTokenClaimableFundingAmountPerSize);

/// <param name="Underlying">Token symbol (WETH).</param>
/// <param name="Strike">Strike asset symbol (USDC).</param>
/// <param name="StrikePrice">USD (stored with 8 decimals).</param>
/// <param name="IsPut">Put (collateral: the strike asset) or call (collateral: the underlying).</param>
/// <param name="ExpiryInDays">Days from deployment to the earliest allowed expiry; negative for an expired series.</param>
/// <param name="Holders">Wallet → options held (stored with 8 decimals).</param>
public sealed record DemoOptionSeries(string Underlying, string Strike, decimal StrikePrice, bool IsPut, int ExpiryInDays, IReadOnlyDictionary<string, decimal> Holders);

/// <summary>A governance proposal changing one Aave reserve's collateral parameters (basis points).</summary>
/// <param name="Description">The proposal's text (its description hash identifies it).</param>
/// <param name="Symbol">The reserve's token symbol.</param>
public sealed record DemoCollateralProposal(string Description, string Symbol, int Ltv, int LiquidationThreshold, int LiquidationBonus);
