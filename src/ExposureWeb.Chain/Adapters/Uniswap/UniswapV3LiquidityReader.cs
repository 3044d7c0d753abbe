using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.Multicall3;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Chain.Adapters.Uniswap;

/// <summary>A pool's liquidity profile as read, with its tokens in the pool's order.</summary>
/// <param name="Pool">The pool's address.</param>
/// <param name="Token0">token0 (the lower address).</param>
/// <param name="Token1">token1.</param>
/// <param name="Decimals0">token0's decimals, read on chain.</param>
/// <param name="Decimals1">token1's decimals, read on chain.</param>
/// <param name="Liquidity">√price, tick, active liquidity, fee, spacing and the initialized ticks of the words read.</param>
/// <param name="BlockNumber">The block every value belongs to.</param>
/// <param name="WordsRead">Tick-bitmap words read (2·wordsEachSide + 1, fewer at the tick range's ends).</param>
public sealed record PoolLiquidityRead(Address Pool, Address Token0, Address Token1, int Decimals0, int Decimals1, UniswapV3PoolLiquidity Liquidity, ulong BlockNumber, int WordsRead);

/// <summary>
/// Reads a Uniswap v3 pool's liquidity profile at one block in four Multicall3 rounds: the factory's <c>getPool</c> and
/// the block number; the pool's <c>slot0</c>, <c>liquidity</c>, <c>tickSpacing</c>, <c>fee</c>, tokens and their
/// decimals; the <c>tickBitmap</c> words around the current tick; <c>ticks(i).liquidityNet</c> of every initialized tick
/// in them.
/// </summary>
/// <remarks>
/// A word covers 256 × tickSpacing ticks (a 0.05% pool: 2 560 ticks, a ×1.29 price range; a 0.3% pool: ×4.6), so the
/// default ±10 words reach far beyond any useful stress; a walk that leaves them is flagged by the swap maths. Every
/// failed call is an error that names it: the cascade cannot run on half a profile.
/// </remarks>
public sealed class UniswapV3LiquidityReader(PositionsReaderOptions? options = null)
{
    private readonly PositionsReaderOptions _options = options ?? new PositionsReaderOptions();

    /// <summary>Reads the pool of <paramref name="tokenA"/> and <paramref name="tokenB"/> (either order) at fee tier <paramref name="fee"/>.</summary>
    /// <param name="eth">Client of the chain's node.</param>
    /// <param name="chain">The profile: uniswapV3.factory and multicall3 are required.</param>
    /// <param name="tokenA">One token.</param>
    /// <param name="tokenB">The other.</param>
    /// <param name="fee">Fee tier in hundredths of a basis point (500 = 0.05%).</param>
    /// <param name="block">A block number, or latest (then pinned at the first round).</param>
    /// <param name="wordsEachSide">Tick-bitmap words read below and above the current tick's word.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="ArgumentException">The profile has no factory or Multicall3, or <paramref name="wordsEachSide"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">No such pool, or a call failed (the message names it).</exception>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public async Task<PoolLiquidityRead> ReadAsync(EthClient eth, ChainProfile chain, Address tokenA, Address tokenB, uint fee, BlockParameter block, int wordsEachSide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(eth);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegative(wordsEachSide);
        if (!Address.TryParse(chain.UniswapV3?.Factory, out var factory))
            throw new ArgumentException($"chain profile '{chain.Name}' has no Uniswap v3 factory.", nameof(chain));
        if (!Address.TryParse(chain.Multicall3, out var multicall))
            throw new ArgumentException($"chain profile '{chain.Name}' needs a Multicall3 address to read a pool.", nameof(chain));
        var sender = new MulticallRoundSender(multicall, _options);

        async Task<CallOutcome[]> SendAsync(MulticallBatch batch, BlockParameter at) =>
            (await sender.SendAsync(eth.Transport, batch, at, ct).ConfigureAwait(false)).Outcomes;

        var first = new MulticallBatch();
        int poolIndex = first.Add(factory, new GetPoolFunction { TokenA = tokenA.ToString(), TokenB = tokenB.ToString(), Fee = fee });
        int numberIndex = first.Add(multicall, new GetBlockNumberFunction());
        var r1 = await SendAsync(first, block).ConfigureAwait(false);
        var pinned = BlockParameter.FromNumber((ulong)Read<BlockNumberOutput>(r1[numberIndex], "Multicall3 getBlockNumber()").BlockNumber);
        if (!Address.TryParse(Read<PoolAddressOutput>(r1[poolIndex], $"UniswapV3Factory {factory} getPool").Pool, out var pool) || pool == Address.Zero)
        {
            throw new InvalidOperationException($"Uniswap v3 on {chain.Name} has no pool of {tokenA} and {tokenB} with fee tier {fee / 10_000.0:0.####}%.");
        }

        var second = new MulticallBatch();
        int slot0 = second.Add(pool, new Slot0Function()), liquidity = second.Add(pool, new LiquidityFunction()), spacing = second.Add(pool, new TickSpacingFunction());
        int feeIndex = second.Add(pool, new FeeFunction()), t0 = second.Add(pool, new Token0Function()), t1 = second.Add(pool, new Token1Function());
        int decimalsA = second.Add(tokenA, new DecimalsFunction()), decimalsB = second.Add(tokenB, new DecimalsFunction());
        var r2 = await SendAsync(second, pinned).ConfigureAwait(false);
        var price = Read<Slot0Output>(r2[slot0], $"pool {pool} slot0()");
        var active = Read<PoolLiquidityOutput>(r2[liquidity], $"pool {pool} liquidity()").Liquidity;
        int tickSpacing = Read<PoolTickSpacingOutput>(r2[spacing], $"pool {pool} tickSpacing()").TickSpacing;
        int poolFee = (int)Read<PoolFeeOutput>(r2[feeIndex], $"pool {pool} fee()").Fee;
        var token0 = Address.Parse(Read<PoolTokenOutput>(r2[t0], $"pool {pool} token0()").Token);
        var token1 = Address.Parse(Read<PoolTokenOutput>(r2[t1], $"pool {pool} token1()").Token);
        int decA = Read<DecimalsOutput>(r2[decimalsA], $"token {tokenA} decimals()").Decimals, decB = Read<DecimalsOutput>(r2[decimalsB], $"token {tokenB} decimals()").Decimals;
        if (tickSpacing <= 0) throw new InvalidOperationException($"pool {pool} reports tick spacing {tickSpacing}.");

        int current = FloorDiv(price.Tick, tickSpacing) >> 8;
        int minWord = FloorDiv(UniswapV3Math.MinTick, tickSpacing) >> 8, maxWord = FloorDiv(UniswapV3Math.MaxTick, tickSpacing) >> 8;
        int lowWord = Math.Max(current - wordsEachSide, minWord), highWord = Math.Min(current + wordsEachSide, maxWord);
        var third = new MulticallBatch();
        var wordIndex = Enumerable.Range(lowWord, highWord - lowWord + 1).Select(w => (Word: w, Index: third.Add(pool, new TickBitmapFunction { WordPosition = (short)w }))).ToList();
        var r3 = await SendAsync(third, pinned).ConfigureAwait(false);
        var initialized = new List<int>();
        foreach (var (word, index) in wordIndex)
        {
            var bits = Read<TickBitmapOutput>(r3[index], $"pool {pool} tickBitmap({word})").Word;
            for (int bit = 0; bit < 256 && !bits.IsZero; bit++, bits >>= 1)
            {
                if (!bits.IsEven) initialized.Add(((word << 8) + bit) * tickSpacing);
            }
        }

        var fourth = new MulticallBatch();
        var tickIndex = initialized.Select(t => (Tick: t, Index: fourth.Add(pool, new TicksFunction { Tick = t }))).ToList();
        var r4 = fourth.Count > 0 ? await SendAsync(fourth, pinned).ConfigureAwait(false) : [];
        var ticks = tickIndex.Select(x => new UniswapV3TickLiquidity(x.Tick, (double)Read<TickInfoOutput>(r4[x.Index], $"pool {pool} ticks({x.Tick})").LiquidityNet)).ToList();

        int readLower = Math.Max(lowWord * 256 * tickSpacing, UniswapV3Math.MinTick);
        int readUpper = Math.Min((highWord * 256 + 255) * tickSpacing, UniswapV3Math.MaxTick);
        var profile = new UniswapV3PoolLiquidity((double)price.SqrtPriceX96 / UniswapV3Math.Q96, price.Tick, (double)active, poolFee, tickSpacing, ticks, readLower, readUpper);
        bool aIsToken0 = token0 == tokenA;
        return new PoolLiquidityRead(pool, token0, token1, aIsToken0 ? decA : decB, aIsToken0 ? decB : decA, profile, pinned.Number!.Value, wordIndex.Count);
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    private static T Read<T>(CallOutcome outcome, string what) where T : class, new() =>
        outcome.TryDecode<T>(out var value, out var error) ? value : throw new InvalidOperationException($"{what} failed: {error}.");
}
