using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.DevChain.Contracts.Messages;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Uniswap v3 on the dev chain: factory, position manager, the pools of <see cref="DemoMarket.UniswapPools"/> started
/// at the price their feeds imply, and the position NFTs of <see cref="DemoMarket.UniswapPositions"/>.
/// </summary>
internal static class UniswapDemo
{
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
        var factory = await tx.DeployAsync(new DemoUniswapV3FactoryDeployment());
        var positionManager = await tx.DeployAsync(new DemoNonfungiblePositionManagerDeployment { Factory = factory.ToString(), Weth9 = tokens["WETH"].ToString() });

        foreach (var p in DemoMarket.UniswapPools)
        {
            var (token0, token1) = Sort(p.TokenA, p.TokenB, tokens);
            await tx.SendAsync(factory, new CreatePoolFunction { TokenA = tokens[token0].ToString(), TokenB = tokens[token1].ToString(), Fee = p.Fee });
            var pool = Address.Parse(await tx.QueryAsync<GetPoolFunction, string>(factory,
                new GetPoolFunction { TokenA = tokens[token0].ToString(), TokenB = tokens[token1].ToString(), Fee = (uint)p.Fee }));
            await tx.SendAsync(pool, new InitializeFunction { SqrtPriceX96 = SqrtPriceX96(DemoMarket.Asset(token0), DemoMarket.Asset(token1)) });
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
            var seed = new PositionSeed
            {
                Recipient = p.Wallet, Token0 = tokens[token0].ToString(), Token1 = tokens[token1].ToString(), Fee = p.Fee,
                TickLower = Math.Min(a, b), TickUpper = Math.Max(a, b), Liquidity = p.Liquidity,
                TokensOwed0 = baseIsToken0 ? owedBase : owedQuote, TokensOwed1 = baseIsToken0 ? owedQuote : owedBase,
            };
            await tx.SendAsync(positionManager, new MintPositionFunction { Seed = seed });
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
