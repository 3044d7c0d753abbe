using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Uniswap v3 on the dev chain, from the official builds: factory, position manager (with its token descriptor),
/// SwapRouter and QuoterV2; the pools of <see cref="DemoMarket.UniswapPools"/> started at the price their feeds imply
/// and given deep liquidity by the deployer; the position NFTs of <see cref="DemoMarket.UniswapPositions"/> minted
/// through the position manager for the demo wallets; then round-trip swaps through the router, so in-range positions
/// have earned fees.
/// </summary>
/// <remarks>
/// Token ids: the demo wallets' positions are 1, 2, 3 (in <see cref="DemoMarket.UniswapPositions"/> order); the
/// deployer's liquidity follows (two per pool: a concentrated range and a full range behind it).
/// </remarks>
internal static class UniswapDemo
{
    /// <summary>Uniswap v3's tick bounds.</summary>
    public const int MinTick = -887272, MaxTick = 887272;

    /// <summary>No deadline (the router and position manager check <c>block.timestamp &lt;= deadline</c>).</summary>
    public static readonly BigInteger NoDeadline = ulong.MaxValue;

    /// <summary>Uniswap v3's tick spacing of each enabled fee tier.</summary>
    public static int TickSpacing(int fee) => fee switch
    {
        100 => 1,
        500 => 10,
        3000 => 60,
        10000 => 200,
        _ => throw new ArgumentOutOfRangeException(nameof(fee), fee, "not a Uniswap v3 fee tier"),
    };

    public static async Task<UniswapV3Profile> DeployAsync(DemoTransactions tx, IReadOnlyDictionary<string, Address> tokens)
    {
        var weth = tokens["WETH"].ToString();
        var factory = await tx.DeployOfficialAsync("UniswapV3Factory", new UniswapV3FactoryDeployment());
        var library = await tx.DeployOfficialAsync("NFTDescriptor", new NftDescriptorLibraryDeployment());
        var label = new byte[32];
        "ETH"u8.CopyTo(label);
        var descriptor = await tx.DeployOfficialAsync("NonfungibleTokenPositionDescriptor", new NonfungibleTokenPositionDescriptorDeployment
        {
            ByteCode = NonfungibleTokenPositionDescriptorDeployment.Linked(library), Weth9 = weth, NativeCurrencyLabelBytes = label,
        }, new Dictionary<string, Address> { ["NFTDescriptor"] = library });
        var manager = await tx.DeployOfficialAsync("NonfungiblePositionManager", new NonfungiblePositionManagerDeployment { Factory = factory.ToString(), Weth9 = weth, TokenDescriptor = descriptor.ToString() });
        var router = await tx.DeployOfficialAsync("SwapRouter", new SwapRouterDeployment { Factory = factory.ToString(), Weth9 = weth });
        var quoter = await tx.DeployOfficialAsync("QuoterV2", new QuoterV2Deployment { Factory = factory.ToString(), Weth9 = weth });

        // The deployer provides the pools' liquidity and is the simulator's arbitrageur: it holds plenty of every token
        // and lets the position manager and the router take them.
        foreach (var (symbol, token) in tokens.Where(t => DemoMarket.UniswapPools.Any(p => p.TokenA == t.Key || p.TokenB == t.Key)))
        {
            await tx.SendAsync(token, new MintFunction { To = tx.Deployer, Amount = DemoDeployer.ToFixed(DeployerFloatUsd / (decimal)DemoMarket.Asset(symbol).InitialPriceUsd, DemoMarket.Asset(symbol).Decimals) });
            await tx.SendAsync(token, new ApproveFunction { Spender = manager.ToString(), Value = Unlimited });
            await tx.SendAsync(token, new ApproveFunction { Spender = router.ToString(), Value = Unlimited });
        }

        var pools = new List<PoolSetUp>();
        foreach (var p in DemoMarket.UniswapPools)
        {
            var (token0, token1) = Sort(p.TokenA, p.TokenB, tokens);
            await tx.SendAsync(factory, new CreatePoolFunction { TokenA = tokens[token0].ToString(), TokenB = tokens[token1].ToString(), Fee = p.Fee });
            var pool = Address.Parse((await tx.QueryOutputAsync<GetPoolFunction, PoolAddressOutput>(factory,
                new GetPoolFunction { TokenA = tokens[token0].ToString(), TokenB = tokens[token1].ToString(), Fee = (uint)p.Fee })).Pool);
            var sqrtPriceX96 = SqrtPriceX96(DemoMarket.Asset(token0), DemoMarket.Asset(token1));
            await tx.SendAsync(pool, new InitializeFunction { SqrtPriceX96 = sqrtPriceX96 });
            tx.Official.Add(new OfficialDeployment("UniswapV3Pool", pool, new Dictionary<string, Address>()));
            pools.Add(new PoolSetUp(p, token0, token1, sqrtPriceX96));
        }

        foreach (var p in DemoMarket.UniswapPositions)
        {
            var (token0, token1) = Sort(p.Base, p.Quote, tokens);
            var baseIsToken0 = token0 == p.Base;
            var spacing = TickSpacing(p.Fee);
            var a = UsableTick(RawPrice(p.Base, p.Quote, p.LowerPrice, baseIsToken0), spacing);
            var b = UsableTick(RawPrice(p.Base, p.Quote, p.UpperPrice, baseIsToken0), spacing);
            var pool = pools.Single(s => s.Token0 == token0 && s.Token1 == token1 && s.Pool.Fee == p.Fee);
            await MintAsync(tx, manager, tokens, pool, Math.Min(a, b), Math.Max(a, b), (double)p.Liquidity, p.Wallet);
        }

        foreach (var pool in pools)
        {
            var spacing = TickSpacing(pool.Pool.Fee);
            var tick = UniswapV3Math.PriceToTick(UniswapV3Math.SqrtPriceX96ToPrice(pool.SqrtPriceX96));
            int width = (int)Math.Round(Math.Log(1 + ConcentratedRange) / Math.Log(1.0001));
            int lower = (tick - width) / spacing * spacing, upper = (tick + width) / spacing * spacing;
            await MintAsync(tx, manager, tokens, pool, lower, upper, LiquidityFor(pool, lower, upper, ConcentratedUsdPerSide), tx.Deployer);
            int fullUpper = MaxTick / spacing * spacing, fullLower = -fullUpper; // the widest usable ticks (MinTick = −MaxTick)
            await MintAsync(tx, manager, tokens, pool, fullLower, fullUpper, LiquidityFor(pool, fullLower, fullUpper, FullRangeUsdPerSide), tx.Deployer);
        }

        // Trading volume, so positions in range have fees to collect: there and back again, ending at the start price.
        foreach (var pool in pools)
        {
            var amount0 = DemoDeployer.ToFixed(WashVolumeUsd / (decimal)DemoMarket.Asset(pool.Token0).InitialPriceUsd, DemoMarket.Asset(pool.Token0).Decimals);
            await SwapAsync(tx, router, tokens[pool.Token0], tokens[pool.Token1], pool.Pool.Fee, amount0, BigInteger.Zero);
            await SwapAsync(tx, router, tokens[pool.Token1], tokens[pool.Token0], pool.Pool.Fee, Unlimited >> 128, pool.SqrtPriceX96);
        }

        return new UniswapV3Profile
        {
            Factory = factory.ToString(), PositionManager = manager.ToString(), SwapRouter = router.ToString(), Quoter = quoter.ToString(),
        };
    }

    /// <summary>Each deployer position's size: a concentrated ±10% range and a full range behind it, USD per side.</summary>
    private const decimal ConcentratedUsdPerSide = 20_000_000m, FullRangeUsdPerSide = 5_000_000m;

    private const double ConcentratedRange = 0.10;

    /// <summary>Round-trip volume swapped through each pool after the positions are minted, USD.</summary>
    private const decimal WashVolumeUsd = 5_000_000m;

    /// <summary>What the deployer holds of each pooled token, USD: liquidity, then years of arbitrage.</summary>
    private const decimal DeployerFloatUsd = 2_000_000_000m;

    private static readonly BigInteger Unlimited = BigInteger.Pow(2, 256) - 1;

    /// <summary>
    /// Mints a position of about <paramref name="liquidity"/> for <paramref name="recipient"/>, paid by the deployer: the
    /// token amounts that liquidity holds at the pool's start price, plus a hair, so the position manager's
    /// min(L0, L1) lands on the target (a little above it).
    /// </summary>
    private static async Task MintAsync(DemoTransactions tx, Address manager, IReadOnlyDictionary<string, Address> tokens, PoolSetUp pool,
        int tickLower, int tickUpper, double liquidity, string recipient)
    {
        var sqrtPrice = Math.Sqrt(UniswapV3Math.SqrtPriceX96ToPrice(pool.SqrtPriceX96));
        var amounts = UniswapV3Math.Amounts(liquidity, sqrtPrice, UniswapV3Math.TickToSqrtPrice(tickLower), UniswapV3Math.TickToSqrtPrice(tickUpper));
        await tx.SendAsync(manager, new MintPositionFunction
        {
            Params = new MintParams
            {
                Token0 = tokens[pool.Token0].ToString(), Token1 = tokens[pool.Token1].ToString(), Fee = (uint)pool.Pool.Fee,
                TickLower = tickLower, TickUpper = tickUpper,
                Amount0Desired = Padded(amounts.Amount0), Amount1Desired = Padded(amounts.Amount1),
                Recipient = recipient, Deadline = NoDeadline,
            },
        });
    }

    private static BigInteger Padded(double amount) => amount <= 0 ? BigInteger.Zero : new BigInteger(Math.Ceiling(amount * 1.000001)) + 1;

    /// <summary>The liquidity that puts about <paramref name="usdPerSide"/> of token1 into [lower, upper] at the start price.</summary>
    private static double LiquidityFor(PoolSetUp pool, int lower, int upper, decimal usdPerSide)
    {
        var sqrtPrice = Math.Sqrt(UniswapV3Math.SqrtPriceX96ToPrice(pool.SqrtPriceX96));
        var token1 = DemoMarket.Asset(pool.Token1);
        double amount1 = (double)usdPerSide / token1.InitialPriceUsd * Math.Pow(10, token1.Decimals);
        return amount1 / (sqrtPrice - UniswapV3Math.TickToSqrtPrice(lower));
    }

    /// <summary>An exact-input swap from the deployer through the router, stopping at <paramref name="sqrtPriceLimitX96"/> (0: no limit).</summary>
    public static Task SwapAsync(DemoTransactions tx, Address router, Address tokenIn, Address tokenOut, int fee, BigInteger amountIn, BigInteger sqrtPriceLimitX96) =>
        tx.SendAsync(router, new ExactInputSingleFunction
        {
            Params = new ExactInputSingleParams
            {
                TokenIn = tokenIn.ToString(), TokenOut = tokenOut.ToString(), Fee = (uint)fee, Recipient = tx.Deployer, Deadline = NoDeadline,
                AmountIn = amountIn, SqrtPriceLimitX96 = sqrtPriceLimitX96,
            },
        });

    /// <summary>The two symbols in Uniswap's order: token0 has the lower address.</summary>
    private static (string Token0, string Token1) Sort(string a, string b, IReadOnlyDictionary<string, Address> tokens) =>
        string.CompareOrdinal(tokens[a].ToString().ToLowerInvariant(), tokens[b].ToString().ToLowerInvariant()) < 0 ? (a, b) : (b, a);

    /// <summary>The pool price as Q64.96 √price, from the two initial feed answers (see <see cref="DemoPoolPrice"/>).</summary>
    public static BigInteger SqrtPriceX96(DemoAsset token0, DemoAsset token1) =>
        DemoPoolPrice.SqrtPriceX96(DemoDeployer.InitialFeedAnswer(token0), token0.Decimals, DemoDeployer.InitialFeedAnswer(token1), token1.Decimals);

    /// <summary>A quote-per-base price as token1 raw units per token0 raw unit.</summary>
    private static double RawPrice(string baseSymbol, string quoteSymbol, decimal quotePerBase, bool baseIsToken0)
    {
        var decimalsBase = DemoMarket.Asset(baseSymbol).Decimals;
        var decimalsQuote = DemoMarket.Asset(quoteSymbol).Decimals;
        return baseIsToken0
            ? (double)quotePerBase * Math.Pow(10, decimalsQuote - decimalsBase)
            : Math.Pow(10, decimalsBase - decimalsQuote) / (double)quotePerBase;
    }

    /// <summary>The tick of a raw price (log base 1.0001), rounded to the nearest multiple of the spacing.</summary>
    private static int UsableTick(double rawPrice, int spacing) =>
        (int)Math.Round(Math.Floor(Math.Log(rawPrice) / Math.Log(1.0001)) / spacing, MidpointRounding.AwayFromZero) * spacing;

    private sealed record PoolSetUp(DemoUniswapPool Pool, string Token0, string Token1, BigInteger SqrtPriceX96);
}
