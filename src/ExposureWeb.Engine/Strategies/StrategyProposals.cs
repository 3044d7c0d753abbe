using System.Collections.Concurrent;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Strategies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Engine.Strategies;

/// <summary>
/// Proposals for breached strategies, computed on demand from the portfolio's latest evaluated snapshot and cached per
/// (strategy version, block): a delta band's swap quoted by Uniswap's QuoterV2 at that block; a health-factor floor's
/// cheapest fix (repay a debt, supply a collateral the wallet holds, or swap a collateral into one with a higher
/// liquidation threshold) sized with Aave's own integer formula; an LP range policy's move of a position back around the
/// price (StrategyProposals.LpRange.cs). Every
/// read is pinned to the snapshot's block. The transactions are built, never signed.
/// </summary>
public sealed partial class StrategyProposals(
    StrategyBook book,
    ChainRegistry chains,
    ChainClients clients,
    PortfolioDirectory directory,
    TimeProvider time,
    IOptions<EngineOptions> options,
    MarketBuilder markets,
    ILoggerFactory loggers)
{
    /// <summary>How far below the quote a swap may fill before it reverts (amountOutMinimum), in basis points.</summary>
    public const int SlippageToleranceBps = 50;

    // Typical gas of the calls whose estimate cannot be asked before the approve is mined.
    private const long ApproveGas = 60_000, RepayGas = 300_000, SupplyGas = 300_000, AaveWithdrawGas = 300_000, SwapGasMargin = 60_000;

    /// <summary>Relative margin over a health-factor target for interest accrued before the fix lands.</summary>
    public const double AccrualMargin = 1e-5;

    private static readonly BigInteger NoDeadline = ulong.MaxValue;
    private readonly ConcurrentDictionary<(int Id, int Version, ulong Block, string Hash), Task<StrategyProposal?>> _cache = new();

    /// <summary>The strategy's verdict in its portfolio's latest snapshot; null before the engine evaluated it.</summary>
    public (ExposureSnapshot Snapshot, StrategyStatus Status)? Status(int strategyId, int portfolioId)
    {
        if (book.Latest(portfolioId) is not { } snapshot) return null;
        var status = snapshot.Strategies.FirstOrDefault(s => s.StrategyId == strategyId);
        return status is null ? null : (snapshot, status);
    }

    /// <summary>The proposal for a strategy at its portfolio's latest block; null when it is not breached (or not evaluated yet).</summary>
    public Task<StrategyProposal?> ForAsync(StoredStrategy strategy, CancellationToken ct)
    {
        if (Status(strategy.Row.Id, strategy.Row.PortfolioId) is not { } found || !found.Status.Breached || found.Status.Version != strategy.Row.Version)
        {
            return Task.FromResult<StrategyProposal?>(null);
        }
        var key = (strategy.Row.Id, strategy.Row.Version, found.Snapshot.BlockNumber, found.Snapshot.BlockHash);
        if (_cache.Count > 1000) _cache.Clear();
        var task = _cache.GetOrAdd(key, _ => ComputeAsync(strategy, found.Snapshot, found.Status, CancellationToken.None));
        // A failed computation is not kept: the next request tries again.
        task.ContinueWith(t => { if (t.IsFaulted) _cache.TryRemove(key, out _); }, TaskScheduler.Default);
        return task.WaitAsync(ct);
    }

    private async Task<StrategyProposal?> ComputeAsync(StoredStrategy strategy, ExposureSnapshot snapshot, StrategyStatus status, CancellationToken ct)
    {
        if (!chains.TryGet(snapshot.ChainName, out var chain)) throw new InvalidOperationException($"no chain named \"{snapshot.ChainName}\"");
        var portfolio = (await directory.OnChainAsync(chain.Name, ct).ConfigureAwait(false)).FirstOrDefault(p => p.Id == snapshot.PortfolioId)
            ?? throw new InvalidOperationException($"portfolio {snapshot.PortfolioId} is not watched on {chain.Name}");
        var eth = clients.For(chain).Eth;
        var at = BlockParameter.FromNumber(snapshot.BlockNumber);
        var ctx = new Context(strategy, snapshot, status, chain, portfolio, eth, at);
        return strategy.Definition switch
        {
            DeltaBandDefinition band => await DeltaBandAsync(ctx, band, ct).ConfigureAwait(false),
            HealthFactorFloorDefinition floor => await HealthFloorAsync(ctx, floor, ct).ConfigureAwait(false),
            LpRangeDefinition lp => await LpRangeAsync(ctx, lp, ct).ConfigureAwait(false),
            VolatilityHarvestDefinition vh => await VolatilityHarvestAsync(ctx, vh, ct).ConfigureAwait(false),
            GammaCapDefinition cap => await GammaCapAsync(ctx, cap, ct).ConfigureAwait(false),
            VegaCapDefinition cap => await VegaCapAsync(ctx, cap, ct).ConfigureAwait(false),
            _ => Empty(ctx, "no automatic proposal for this kind yet", $"{status.Kind}: breached ({status.Text}); adjust the positions by hand."),
        };
    }

    private sealed record Context(StoredStrategy Strategy, ExposureSnapshot Snapshot, StrategyStatus Status, ChainProfile Chain, WatchedPortfolio Portfolio, EthClient Eth, BlockParameter At);

    private static StrategyProposal Empty(Context c, string instrument, string summary, params string[] notes) =>
        new(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash, c.Status.Text,
            instrument, summary, null, null, [], [], 0, null, null,
            new ProposalAfter(null, null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint), notes);

    // ---- delta band ----

    private async Task<StrategyProposal> DeltaBandAsync(Context c, DeltaBandDefinition band, CancellationToken ct)
    {
        var asset = c.Snapshot.Assets.FirstOrDefault(a => string.Equals(a.Underlying, band.Underlying, StringComparison.OrdinalIgnoreCase));
        var quantity = asset?.Quantity ?? 0;
        var price = asset?.PriceUsd;
        if (band.Unit == BandUnit.Usd && price is not > 0) return Empty(c, "none", "no usable price to size the hedge", $"{band.Underlying} has no usable oracle price.");
        var change = HedgeSizing.DeltaToMiddle(band, quantity, price ?? 0);
        if (band.Hedge.Venue == HedgeVenue.GmxPerp)
        {
            var side = change > 0 ? "long" : "short";
            return Empty(c, $"GMX v2 perp {band.Hedge.Market}", $"open a {side} of {Math.Abs(change):0.####} {band.Underlying} on {band.Hedge.Market} to bring net delta to {band.Middle:0.####}",
                "GMX order transactions are not built yet (the dev chain has no GMX ExchangeRouter): place the order in the GMX app.") with
            {
                After = new ProposalAfter(quantity + change, price is { } p0 ? (quantity + change) * p0 : null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint),
            };
        }

        var uniswap = c.Chain.UniswapV3 ?? throw new InvalidOperationException($"chain {c.Chain.Name} has no Uniswap v3");
        if (uniswap.Quoter is null || uniswap.SwapRouter is null) return Empty(c, "Uniswap v3", "the chain profile names no QuoterV2 or SwapRouter", "Add uniswapV3.quoter and swapRouter to the chain profile.");
        var underlyingToken = c.Chain.Tokens.FirstOrDefault(t => string.Equals(t.Underlying, band.Underlying, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"no token of {band.Underlying} on {c.Chain.Name}");
        var pairToken = c.Chain.Tokens.First(t => string.Equals(t.Symbol, band.Hedge.PairToken, StringComparison.OrdinalIgnoreCase));
        var fee = band.Hedge.FeeTier ?? 500;
        bool sell = change < 0;
        var (tokenIn, tokenOut) = sell ? (SwapToken.Of(underlyingToken), SwapToken.Of(pairToken)) : (SwapToken.Of(pairToken), SwapToken.Of(underlyingToken));
        var pool = await PoolOfAsync(c, uniswap, tokenIn, tokenOut, fee, ct).ConfigureAwait(false);
        if (pool == Address.Zero) return Empty(c, $"Uniswap v3 {tokenIn.Symbol}/{tokenOut.Symbol} {fee / 10_000.0:0.##}%", "no pool with that fee tier", "Choose a fee tier whose pool exists.");
        var mid = await MidOfAsync(c, pool, tokenIn, tokenOut, ct).ConfigureAwait(false);
        var quoter = Address.Parse(uniswap.Quoter);

        QuotedSwap swap;
        if (sell)
        {
            swap = await QuoteAsync(c, quoter, pool, fee, tokenIn, tokenOut, mid, ToBase(-change, tokenIn.Decimals), ct).ConfigureAwait(false);
        }
        else
        {
            // Buying an exact size with an exact input: a first guess at the mid price less the fee, then one secant step on the quoter's answer.
            var want = ToBase(change, tokenOut.Decimals);
            swap = await QuoteAsync(c, quoter, pool, fee, tokenIn, tokenOut, mid, ToBase(change / mid / (1 - fee / 1e6), tokenIn.Decimals), ct).ConfigureAwait(false);
            if (!swap.Quote.AmountOut.IsZero)
            {
                swap = await QuoteAsync(c, quoter, pool, fee, tokenIn, tokenOut, mid, swap.AmountIn * want / swap.Quote.AmountOut, ct).ConfigureAwait(false);
            }
        }
        var quote = swap.Describe(UsdPrice(c.Snapshot, sell ? underlyingToken.Underlying : pairToken.Underlying));
        var (inUnits, outUnits) = (quote.AmountInUnits, quote.AmountOutUnits);

        var notes = new List<string>();
        var wallet = await WalletHoldingAsync(c, tokenIn.Address, swap.AmountIn, ct).ConfigureAwait(false);
        var transactions = new List<UnsignedTransaction>();
        long gas = (long)swap.Quote.GasEstimate + SwapGasMargin;
        if (wallet is { } from)
        {
            (transactions, gas) = await SwapTransactionsAsync(c, from, Address.Parse(uniswap.SwapRouter), swap, ct).ConfigureAwait(false);
        }
        else
        {
            notes.Add($"No address of the portfolio holds {inUnits:0.######} {tokenIn.Symbol} at block {c.Snapshot.BlockNumber}: no transaction is built.");
        }
        var gasUsd = await GasUsdAsync(c, gas, ct).ConfigureAwait(false);
        var after = quantity + (sell ? -inUnits : outUnits);
        var instrument = $"Uniswap v3 {tokenIn.Symbol}→{tokenOut.Symbol} {fee / 10_000.0:0.##}% pool";
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, instrument,
            $"{(sell ? "sell" : "buy")} {Math.Abs(sell ? inUnits : outUnits):0.####} {underlyingToken.Symbol} {(sell ? "for" : "with")} {(sell ? outUnits : inUnits):0.##} {pairToken.Symbol}: net {band.Underlying} delta {quantity:0.####} → {after:0.####}",
            wallet?.ToString(), quote, [], transactions, gas, gasUsd, quote.SlippageUsd is { } s ? s + (gasUsd ?? 0) : gasUsd,
            new ProposalAfter(after, price is { } px ? after * px : null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint), notes);
    }

    /// <summary>Token out per token in (token units) at a pool's √price.</summary>
    public static double MidPrice(BigInteger sqrtPriceX96, Address tokenIn, int decimalsIn, Address tokenOut, int decimalsOut)
    {
        var sqrt = (double)sqrtPriceX96 / Math.Pow(2, 96);
        var raw1Per0 = sqrt * sqrt; // token1 base units per token0 base unit
        bool inIsToken0 = string.CompareOrdinal(tokenIn.ToString().ToLowerInvariant(), tokenOut.ToString().ToLowerInvariant()) < 0;
        var rawOutPerIn = inIsToken0 ? raw1Per0 : 1 / raw1Per0;
        return rawOutPerIn * Math.Pow(10, decimalsIn - decimalsOut);
    }

    private static string SymbolOf(ChainProfile chain, PortfolioPositions positions, string asset) =>
        positions.AaveReserves.FirstOrDefault(r => string.Equals(r.Asset.ToString(), asset, StringComparison.OrdinalIgnoreCase))?.Symbol
        ?? chain.Tokens.FirstOrDefault(t => string.Equals(t.Address, asset, StringComparison.OrdinalIgnoreCase))?.Symbol ?? asset;

    private async Task<PortfolioPositions> ReadPositionsAsync(Context c, CancellationToken ct)
    {
        PortfolioPositions? read = null;
        // Its own reader and discovery cache, as the governance simulator's: an on-demand read never disturbs the live one.
        var reader = new PortfolioSnapshotReader(time, options, markets, new PositionDiscoveryCache(), loggers.CreateLogger<PortfolioSnapshotReader>());
        var head = await c.Eth.GetBlockAsync(c.At, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"no block {c.Snapshot.BlockNumber}");
        await reader.ReadAllAsync(c.Eth, c.Chain, [c.Portfolio], head, (_, _) => Task.CompletedTask, ct,
            new SnapshotReadOptions(false, (_, positions) => read = positions)).ConfigureAwait(false);
        return read ?? throw new InvalidOperationException("the portfolio's positions could not be read");
    }

    // ---- reads and helpers ----

    private static async Task<TOutput> CallAsync<TFunction, TOutput>(Context c, Address to, TFunction message, CancellationToken ct)
        where TFunction : FunctionMessage, new() where TOutput : IFunctionOutputDTO, new()
    {
        var data = await c.Eth.CallAsync(to, message.GetCallData(), c.At, ct: ct).ConfigureAwait(false);
        return new TOutput().DecodeOutput(Hex.Encode(data));
    }

    private static async Task<BigInteger> BalanceAsync(Context c, Address token, Address owner, CancellationToken ct) =>
        (await CallAsync<BalanceOfFunction, BalanceOfOutput>(c, token, new BalanceOfFunction { Owner = owner.ToString() }, ct).ConfigureAwait(false)).Balance;

    private static async Task<BigInteger> AllowanceAsync(Context c, Address token, Address owner, Address spender, CancellationToken ct)
    {
        var data = await c.Eth.CallAsync(token, new AllowanceFunction { Owner = owner.ToString(), Spender = spender.ToString() }.GetCallData(), c.At, ct: ct).ConfigureAwait(false);
        return data.Length >= 32 ? new BigInteger(data.AsSpan(0, 32), isUnsigned: true, isBigEndian: true) : BigInteger.Zero;
    }

    /// <summary>
    /// Adds an ERC-20 approve of <paramref name="spender"/> ("approve the {spenderName} to take {what}") when
    /// <paramref name="owner"/>'s allowance at the block is short of <paramref name="amount"/>; returns its gas (0 when none).
    /// </summary>
    private static async Task<long> ApproveIfShortAsync(Context c, List<UnsignedTransaction> transactions, Address token, Address owner, Address spender,
        string spenderName, BigInteger amount, string what, CancellationToken ct)
    {
        if (await AllowanceAsync(c, token, owner, spender, ct).ConfigureAwait(false) >= amount) return 0;
        transactions.Add(Tx($"approve the {spenderName} to take {what}", owner, token, new ApproveFunction { Spender = spender.ToString(), Value = amount }, ApproveGas));
        return ApproveGas;
    }

    /// <summary>The portfolio's address holding the most of <paramref name="token"/>, if it holds at least <paramref name="amount"/>.</summary>
    private static async Task<Address?> WalletHoldingAsync(Context c, Address token, BigInteger amount, CancellationToken ct)
    {
        Address? best = null;
        BigInteger most = -1;
        foreach (var address in c.Portfolio.Addresses)
        {
            var balance = await BalanceAsync(c, token, address, ct).ConfigureAwait(false);
            if (balance > most) (best, most) = (address, balance);
        }
        return most >= amount ? best : null;
    }

    private static async Task<double?> GasUsdAsync(Context c, long gas, CancellationToken ct) =>
        await UsdPerGasAsync(c, ct).ConfigureAwait(false) is { } perGas ? perGas * gas : null;

    /// <summary>One unit of gas at the node's gas price, USD; null without a price of the native coin.</summary>
    private static async Task<double?> UsdPerGasAsync(Context c, CancellationToken ct)
    {
        var gasPrice = HexQuantity.ParseBigInteger(await c.Eth.RequestAsync<string>("eth_gasPrice", [], ct).ConfigureAwait(false));
        return UsdPrice(c.Snapshot, c.Chain.Native.Underlying) is { } eth ? (double)gasPrice / 1e18 * eth : null;
    }

    private static double? UsdPrice(ExposureSnapshot s, string underlying) =>
        s.Assets.FirstOrDefault(a => string.Equals(a.Underlying, underlying, StringComparison.OrdinalIgnoreCase))?.PriceUsd;

    private static UnsignedTransaction Tx<TFunction>(string description, Address from, Address to, TFunction message, long gas) where TFunction : FunctionMessage, new() =>
        new(description, from.ToString(), to.ToString(), Hex.Encode(message.GetCallData()), "0x0", HexQuantity.Format((ulong)gas));

    private static BigInteger ToBase(double units, int decimals) =>
        new(Math.Round((decimal)units * (decimal)Math.Pow(10, Math.Min(decimals, 18)), MidpointRounding.ToZero) * (decimals > 18 ? (decimal)Math.Pow(10, decimals - 18) : 1m));

    private static double FromBase(BigInteger amount, int decimals) => (double)amount / Math.Pow(10, decimals);
}
