using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.DevChain.Contracts.Messages;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Web3;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>
/// Keeps the demo Uniswap v3 pools at the price their two feeds imply, so LP positions are valued at the oracle's price:
/// each pool of <see cref="DemoMarket.UniswapPools"/> gets its √price set (dev-only <c>setSqrtPriceX96</c>, which also
/// moves the tick), each update its own transaction.
/// </summary>
internal sealed class PoolPriceFollower(IWeb3 web3, ChainProfile profile, string sender)
{
    private IReadOnlyList<FollowedPool>? _pools;

    /// <summary>A pool and, for its token0 and token1, the feed and the token's decimals.</summary>
    private sealed record FollowedPool(Address Pool, Address Feed0, int Decimals0, Address Feed1, int Decimals1);

    /// <summary>
    /// Finds the demo pools through the profile's factory (once; again only if a node error interrupted it).
    /// Throws when the node cannot be reached (see <see cref="NodeFailure"/>).
    /// </summary>
    public async Task FindPoolsAsync(CancellationToken ct) => _pools ??= await LookUpPoolsAsync(ct);

    /// <summary>
    /// Sets every pool to its feeds' price as read on chain. Throws when the node cannot be reached (see <see cref="NodeFailure"/>).
    /// </summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        await FindPoolsAsync(ct);
        foreach (var pool in _pools!)
        {
            ct.ThrowIfCancellationRequested();
            var answer0 = await AnswerAsync(pool.Feed0);
            var answer1 = await AnswerAsync(pool.Feed1);
            if (answer0 <= 0 || answer1 <= 0) continue; // an invalid answer set on purpose: no price to follow
            var sqrtPrice = DemoPoolPrice.SqrtPriceX96(answer0, pool.Decimals0, answer1, pool.Decimals1);
            var update = new SetSqrtPriceX96Function { SqrtPriceX96 = sqrtPrice, FromAddress = sender, Gas = MarketSimulator.StepGas };
            await web3.Eth.GetContractTransactionHandler<SetSqrtPriceX96Function>().SendRequestAsync(pool.Pool.ToString(), update);
        }
    }

    private async Task<BigInteger> AnswerAsync(Address feed) =>
        (await web3.Eth.GetContractQueryHandler<LatestRoundDataFunction>()
            .QueryDeserializingToObjectAsync<LatestRoundDataOutput>(new LatestRoundDataFunction(), feed.ToString())).Answer;

    private async Task<IReadOnlyList<FollowedPool>> LookUpPoolsAsync(CancellationToken ct)
    {
        var pools = new List<FollowedPool>();
        if (profile.UniswapV3 is null) return pools;
        var factory = profile.UniswapV3.Factory;
        foreach (var demo in DemoMarket.UniswapPools)
        {
            ct.ThrowIfCancellationRequested();
            var a = Token(demo.TokenA);
            var b = Token(demo.TokenB);
            if (a is null || b is null) continue;
            var pool = Address.Parse(await web3.Eth.GetContractQueryHandler<GetPoolFunction>()
                .QueryAsync<string>(factory, new GetPoolFunction { TokenA = a.Address, TokenB = b.Address, Fee = (uint)demo.Fee }));
            if (pool == Address.Zero) continue;
            var token0Address = Address.Parse(await web3.Eth.GetContractQueryHandler<Token0Function>().QueryAsync<string>(pool.ToString(), new Token0Function()));
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
