using System.Numerics;
using ExposureWeb.Chain.Abi;
using ExposureWeb.Chain.Adapters.Chainlink;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain.Deployment;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>
/// Keeps the demo Uniswap v3 pools at the price their two feeds imply, so LP positions are valued at the oracle's price:
/// each pool of <see cref="DemoMarket.UniswapPools"/> gets its √price set (dev-only <c>setSqrtPriceX96</c>, which also
/// moves the tick), each update its own transaction.
/// </summary>
internal sealed class PoolPriceFollower(EthClient eth, ChainProfile profile, Address sender)
{
    private static readonly AbiFunction Token0 = AbiFunction.Parse("token0() returns (address)");
    private static readonly AbiFunction SetSqrtPriceX96 = AbiFunction.Parse("setSqrtPriceX96(uint160)");

    private IReadOnlyList<FollowedPool>? _pools;

    /// <summary>A pool and, for its token0 and token1, the feed and the token's decimals.</summary>
    private sealed record FollowedPool(Address Pool, Address Feed0, int Decimals0, Address Feed1, int Decimals1);

    /// <summary>
    /// Finds the demo pools through the profile's factory (once; again only if a node error interrupted it).
    /// Throws <see cref="RpcException"/> when the node cannot be reached.
    /// </summary>
    public async Task FindPoolsAsync(CancellationToken ct) => _pools ??= await LookUpPoolsAsync(ct);

    /// <summary>
    /// Sets every pool to its feeds' price as read on chain. Throws <see cref="RpcException"/> when the node cannot be reached.
    /// </summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        await FindPoolsAsync(ct);
        foreach (var pool in _pools!)
        {
            var answer0 = await AnswerAsync(pool.Feed0, ct);
            var answer1 = await AnswerAsync(pool.Feed1, ct);
            if (answer0 <= 0 || answer1 <= 0) continue; // an invalid answer set on purpose: no price to follow
            var sqrtPrice = DemoPoolPrice.SqrtPriceX96(answer0, pool.Decimals0, answer1, pool.Decimals1);
            await eth.SendTransactionAsync(sender, pool.Pool, SetSqrtPriceX96.EncodeCall(sqrtPrice), ct: ct);
        }
    }

    private async Task<BigInteger> AnswerAsync(Address feed, CancellationToken ct)
    {
        var round = AggregatorV3.LatestRoundData.DecodeOutput(await eth.CallAsync(feed, AggregatorV3.LatestRoundData.EncodeCall(), BlockParameter.Latest, ct: ct));
        return (BigInteger)round[1];
    }

    private async Task<IReadOnlyList<FollowedPool>> LookUpPoolsAsync(CancellationToken ct)
    {
        var pools = new List<FollowedPool>();
        if (profile.UniswapV3 is null) return pools;
        var factory = Address.Parse(profile.UniswapV3.Factory);
        foreach (var demo in DemoMarket.UniswapPools)
        {
            var a = Token(demo.TokenA);
            var b = Token(demo.TokenB);
            if (a is null || b is null) continue;
            var pool = (Address)UniswapDemo.GetPool.DecodeOutput(await eth.CallAsync(
                factory, UniswapDemo.GetPool.EncodeCall(Address.Parse(a.Address), Address.Parse(b.Address), demo.Fee), BlockParameter.Latest, ct: ct))[0];
            if (pool == Address.Zero) continue;
            var token0Address = (Address)Token0.DecodeOutput(await eth.CallAsync(pool, Token0.EncodeCall(), BlockParameter.Latest, ct: ct))[0];
            var (token0, token1) = Address.Parse(a.Address) == token0Address ? (a, b) : (b, a);
            var feed0 = Feed(token0.Underlying);
            var feed1 = Feed(token1.Underlying);
            if (feed0 is null || feed1 is null) continue;
            pools.Add(new FollowedPool(pool, feed0.Value, token0.Decimals, feed1.Value, token1.Decimals));
        }
        return pools;
    }

    private TokenProfile? Token(string symbol) => profile.Tokens.FirstOrDefault(t => t.Symbol == symbol);

    private Address? Feed(string? underlying) =>
        profile.PriceFeeds.FirstOrDefault(f => f.Underlying == underlying) is { } feed ? Address.Parse(feed.Address) : null;
}
