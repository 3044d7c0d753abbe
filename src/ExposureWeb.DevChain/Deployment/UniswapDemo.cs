using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Uniswap v3 on the dev chain: factory, position manager, the pools of <see cref="DemoMarket.UniswapPools"/> started
/// at the price their feeds imply, and the position NFTs of <see cref="DemoMarket.UniswapPositions"/>.
/// </summary>
internal static class UniswapDemo
{
    private static readonly AbiFunction CreatePool = AbiFunction.Parse("createPool(address,address,uint24) returns (address)");
    internal static readonly AbiFunction GetPool = AbiFunction.Parse("getPool(address,address,uint24) returns (address)");
    private static readonly AbiFunction Initialize = AbiFunction.Parse("initialize(uint160)");
    private static readonly AbiFunction MintPosition = AbiFunction.Parse(
        "mintPosition((address recipient,address token0,address token1,uint24 fee,int24 tickLower,int24 tickUpper,uint128 liquidity,uint128 tokensOwed0,uint128 tokensOwed1)) returns (uint256)");

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
        var factory = await tx.DeployAsync("DemoUniswapV3Factory");
        var positionManager = await tx.DeployAsync("DemoNonfungiblePositionManager", "address,address", factory, tokens["WETH"]);

        foreach (var p in DemoMarket.UniswapPools)
        {
            var (token0, token1) = Sort(p.TokenA, p.TokenB, tokens);
            await tx.SendAsync(factory, CreatePool, tokens[token0], tokens[token1], p.Fee);
            var pool = (Address)(await tx.CallAsync(factory, GetPool, tokens[token0], tokens[token1], p.Fee))[0];
            await tx.SendAsync(pool, Initialize, SqrtPriceX96(DemoMarket.Asset(token0), DemoMarket.Asset(token1)));
        }

        foreach (var p in DemoMarket.UniswapPositions)
        {
            var (token0, token1) = Sort(p.Base, p.Quote, tokens);
            var baseIsToken0 = token0 == p.Base;
            var spacing = TickSpacing(p.Fee);
            var a = UsableTick(RawPrice(p.Base, p.Quote, p.LowerPrice, baseIsToken0), spacing);
            var b = UsableTick(RawPrice(p.Base, p.Quote, p.UpperPrice, baseIsToken0), spacing);
            var owedBase = DemoDeployer.ToFixed(p.OwedBase, DemoMarket.Asset(p.Base).Decimals);
            var owedQuote = DemoDeployer.ToFixed(p.OwedQuote, DemoMarket.Asset(p.Quote).Decimals);
            object[] seed =
            [
                Address.Parse(p.Wallet), tokens[token0], tokens[token1], p.Fee, Math.Min(a, b), Math.Max(a, b), p.Liquidity,
                baseIsToken0 ? owedBase : owedQuote, baseIsToken0 ? owedQuote : owedBase,
            ];
            await tx.SendAsync(positionManager, MintPosition, [seed]);
        }

        return new UniswapV3Profile { Factory = factory.ToString(), PositionManager = positionManager.ToString() };
    }

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
}
