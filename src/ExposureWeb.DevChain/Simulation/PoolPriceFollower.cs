using System.Numerics;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Chainlink;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Web3;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>
/// Keeps the demo Uniswap v3 pools at the price their two feeds imply, as arbitrageurs keep mainnet pools near the
/// oracle: a swap through the official SwapRouter from the deployer, as large as needed and limited to the target √price
/// (<c>sqrtPriceLimitX96</c>), so the pool stops exactly there; fees are paid to the pool's LPs like any trade. Pool state
/// is never written directly.
/// </summary>
internal sealed class PoolPriceFollower(IWeb3 web3, ChainProfile profile, string sender)
{
    /// <summary>Gas of one arbitrage swap: crossing a few initialised ticks costs well under this.</summary>
    private const long SwapGas = 2_000_000;

    /// <summary>The most an arbitrage swap may take in (the price limit stops it long before).</summary>
    private static readonly BigInteger MaxAmountIn = BigInteger.One << 128;

    private IReadOnlyList<FollowedPool>? _pools;

    /// <summary>A pool, its tokens and fee, and for its token0 and token1 the feed and the token's decimals.</summary>
    private sealed record FollowedPool(Address Pool, Address Token0, Address Token1, uint Fee, Address Feed0, int Decimals0, Address Feed1, int Decimals1);

    /// <summary>
    /// Finds the demo pools through the profile's factory (once; again only if a node error interrupted it).
    /// Throws when the node cannot be reached (see <see cref="NodeFailure"/>).
    /// </summary>
    public async Task FindPoolsAsync(CancellationToken ct) => _pools ??= await LookUpPoolsAsync(ct);

    /// <summary>
    /// Trades every pool to its feeds' price as read on chain. Throws when the node cannot be reached (see <see cref="NodeFailure"/>).
    /// </summary>
    public async Task FollowAsync(CancellationToken ct)
    {
        await FindPoolsAsync(ct);
        if (profile.UniswapV3?.SwapRouter is not { } router) return;
        foreach (var pool in _pools!)
        {
            ct.ThrowIfCancellationRequested();
            var answer0 = await AnswerAsync(pool.Feed0);
            var answer1 = await AnswerAsync(pool.Feed1);
            if (answer0 <= 0 || answer1 <= 0) continue; // an invalid answer set on purpose: no price to follow
            var target = DemoPoolPrice.SqrtPriceX96(answer0, pool.Decimals0, answer1, pool.Decimals1);
            var current = (await web3.Eth.GetContractQueryHandler<Slot0Function>()
                .QueryDeserializingToObjectAsync<Slot0Output>(new Slot0Function(), pool.Pool.ToString())).SqrtPriceX96;
            if (target == current) continue;
            // Selling token0 lowers the price (token1 per token0); buying it raises it.
            var zeroForOne = target < current;
            var swap = new ExactInputSingleFunction
            {
                Params = new ExactInputSingleParams
                {
                    TokenIn = (zeroForOne ? pool.Token0 : pool.Token1).ToString(), TokenOut = (zeroForOne ? pool.Token1 : pool.Token0).ToString(),
                    Fee = pool.Fee, Recipient = sender, Deadline = UniswapDemo.NoDeadline, AmountIn = MaxAmountIn, SqrtPriceLimitX96 = target,
                },
                FromAddress = sender,
                Gas = SwapGas,
            };
            await web3.Eth.GetContractTransactionHandler<ExactInputSingleFunction>().SendRequestAsync(router, swap);
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
            var pool = Address.Parse((await web3.Eth.GetContractQueryHandler<GetPoolFunction>()
                .QueryDeserializingToObjectAsync<PoolAddressOutput>(new GetPoolFunction { TokenA = a.Address, TokenB = b.Address, Fee = (uint)demo.Fee }, factory)).Pool);
            if (pool == Address.Zero) continue;
            var token0Address = Address.Parse((await web3.Eth.GetContractQueryHandler<Token0Function>()
                .QueryDeserializingToObjectAsync<PoolTokenOutput>(new Token0Function(), pool.ToString())).Token);
            var (token0, token1) = Address.Parse(a.Address) == token0Address ? (a, b) : (b, a);
            var feed0 = Feed(token0.Underlying);
            var feed1 = Feed(token1.Underlying);
            if (feed0 is null || feed1 is null) continue;
            pools.Add(new FollowedPool(pool, Address.Parse(token0.Address), Address.Parse(token1.Address), (uint)demo.Fee, feed0.Value, token0.Decimals, feed1.Value, token1.Decimals));
        }
        return pools;
    }

    private TokenProfile? Token(string symbol) => profile.Tokens.FirstOrDefault(t => t.Symbol == symbol);

    private Address? Feed(string? underlying) =>
        profile.PriceFeeds.FirstOrDefault(f => f.Underlying == underlying) is { } feed ? Address.Parse(feed.Address) : null;
}
