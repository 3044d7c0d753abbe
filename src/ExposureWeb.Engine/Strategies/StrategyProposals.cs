using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Protocols.Erc20;
using ExposureWeb.Chain.Protocols.UniswapV3;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Governance;
using ExposureWeb.Risk.Strategies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Engine.Strategies;

/// <summary>
/// Proposals for breached strategies, computed on demand from the portfolio's latest evaluated snapshot and cached per
/// (strategy version, block): a delta band's swap quoted by Uniswap's QuoterV2 at that block; a health-factor floor's
/// cheapest fix (repay a debt or supply a collateral the wallet holds) sized with Aave's own integer formula; an LP range
/// policy's move of a position back around the price (StrategyProposals.LpRange.cs). Every
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
    private const long ApproveGas = 60_000, RepayGas = 300_000, SupplyGas = 300_000, SwapGasMargin = 60_000;

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
        var (tokenIn, tokenOut) = sell ? (underlyingToken, pairToken) : (pairToken, underlyingToken);
        var pool = Address.Parse((await CallAsync<GetPoolFunction, PoolAddressOutput>(c, Address.Parse(uniswap.Factory),
            new GetPoolFunction { TokenA = tokenIn.Address, TokenB = tokenOut.Address, Fee = (uint)fee }, ct).ConfigureAwait(false)).Pool);
        if (pool == Address.Zero) return Empty(c, $"Uniswap v3 {tokenIn.Symbol}/{tokenOut.Symbol} {fee / 10_000.0:0.##}%", "no pool with that fee tier", "Choose a fee tier whose pool exists.");
        var slot0 = await CallAsync<Slot0Function, Slot0Output>(c, pool, new Slot0Function(), ct).ConfigureAwait(false);
        var mid = MidPrice(slot0.SqrtPriceX96, Address.Parse(tokenIn.Address), tokenIn.Decimals, Address.Parse(tokenOut.Address), tokenOut.Decimals);
        var quoter = Address.Parse(uniswap.Quoter);

        BigInteger amountIn;
        QuoteExactInputSingleOutput quote;
        if (sell)
        {
            amountIn = ToBase(-change, tokenIn.Decimals);
            quote = await QuoteAsync(c, quoter, tokenIn, tokenOut, fee, amountIn, ct).ConfigureAwait(false);
        }
        else
        {
            // Buying an exact size with an exact input: a first guess at the mid price less the fee, then one secant step on the quoter's answer.
            var want = ToBase(change, tokenOut.Decimals);
            amountIn = ToBase(change / mid / (1 - fee / 1e6), tokenIn.Decimals);
            quote = await QuoteAsync(c, quoter, tokenIn, tokenOut, fee, amountIn, ct).ConfigureAwait(false);
            if (!quote.AmountOut.IsZero)
            {
                amountIn = amountIn * want / quote.AmountOut;
                quote = await QuoteAsync(c, quoter, tokenIn, tokenOut, fee, amountIn, ct).ConfigureAwait(false);
            }
        }
        var inUnits = FromBase(amountIn, tokenIn.Decimals);
        var outUnits = FromBase(quote.AmountOut, tokenOut.Decimals);
        var execution = outUnits / inUnits;
        var slippage = 1 - execution / mid;
        var feeFraction = fee / 1e6;
        var inPriceUsd = UsdPrice(c.Snapshot, tokenIn.Underlying);
        var minimum = quote.AmountOut * (10_000 - SlippageToleranceBps) / 10_000;

        var notes = new List<string>();
        var wallet = await WalletHoldingAsync(c, Address.Parse(tokenIn.Address), amountIn, ct).ConfigureAwait(false);
        var transactions = new List<UnsignedTransaction>();
        long gas = (long)quote.GasEstimate + SwapGasMargin;
        if (wallet is { } from)
        {
            var router = Address.Parse(uniswap.SwapRouter);
            if (await AllowanceAsync(c, Address.Parse(tokenIn.Address), from, router, ct).ConfigureAwait(false) < amountIn)
            {
                transactions.Add(Tx($"approve the SwapRouter to take {inUnits:0.######} {tokenIn.Symbol}", from, Address.Parse(tokenIn.Address),
                    new ApproveFunction { Spender = router.ToString(), Value = amountIn }, ApproveGas));
                gas += ApproveGas;
            }
            transactions.Add(Tx($"swap {inUnits:0.######} {tokenIn.Symbol} for at least {FromBase(minimum, tokenOut.Decimals):0.######} {tokenOut.Symbol}", from, router,
                new ExactInputSingleFunction
                {
                    Params = new ExactInputSingleParams
                    {
                        TokenIn = tokenIn.Address, TokenOut = tokenOut.Address, Fee = (uint)fee, Recipient = from.ToString(), Deadline = NoDeadline,
                        AmountIn = amountIn, AmountOutMinimum = minimum, SqrtPriceLimitX96 = 0,
                    },
                }, (long)quote.GasEstimate + SwapGasMargin));
        }
        else
        {
            notes.Add($"No address of the portfolio holds {inUnits:0.######} {tokenIn.Symbol} at block {c.Snapshot.BlockNumber}: no transaction is built.");
        }
        var gasUsd = await GasUsdAsync(c, gas, ct).ConfigureAwait(false);
        var slippageUsd = inPriceUsd is { } pin ? inUnits * pin * slippage : (double?)null;
        var after = quantity + (sell ? -inUnits : outUnits);
        var instrument = $"Uniswap v3 {tokenIn.Symbol}→{tokenOut.Symbol} {fee / 10_000.0:0.##}% pool";
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, instrument,
            $"{(sell ? "sell" : "buy")} {Math.Abs(sell ? inUnits : outUnits):0.####} {underlyingToken.Symbol} {(sell ? "for" : "with")} {(sell ? outUnits : inUnits):0.##} {pairToken.Symbol}: net {band.Underlying} delta {quantity:0.####} → {after:0.####}",
            wallet?.ToString(),
            new SwapQuote(pool.ToString(), fee, tokenIn.Symbol, tokenOut.Symbol, amountIn.ToString(CultureInfo.InvariantCulture), inUnits,
                quote.AmountOut.ToString(CultureInfo.InvariantCulture), outUnits, minimum.ToString(CultureInfo.InvariantCulture),
                quote.SqrtPriceX96After.ToString(CultureInfo.InvariantCulture), quote.InitializedTicksCrossed, (long)quote.GasEstimate, mid, execution,
                slippage, feeFraction, slippage - feeFraction, slippageUsd, inPriceUsd is { } p ? inUnits * p * feeFraction : null),
            [], transactions, gas, gasUsd, slippageUsd is { } s ? s + (gasUsd ?? 0) : gasUsd,
            new ProposalAfter(after, price is { } px ? after * px : null, c.Snapshot.MinHealthFactor, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint), notes);
    }

    private static Task<QuoteExactInputSingleOutput> QuoteAsync(Context c, Address quoter, TokenProfile tokenIn, TokenProfile tokenOut, int fee, BigInteger amountIn, CancellationToken ct) =>
        CallAsync<QuoteExactInputSingleFunction, QuoteExactInputSingleOutput>(c, quoter, new QuoteExactInputSingleFunction
        {
            Params = new QuoteExactInputSingleParams { TokenIn = tokenIn.Address, TokenOut = tokenOut.Address, AmountIn = amountIn, Fee = (uint)fee, SqrtPriceLimitX96 = 0 },
        }, ct);

    /// <summary>Token out per token in (token units) at a pool's √price.</summary>
    public static double MidPrice(BigInteger sqrtPriceX96, Address tokenIn, int decimalsIn, Address tokenOut, int decimalsOut)
    {
        var sqrt = (double)sqrtPriceX96 / Math.Pow(2, 96);
        var raw1Per0 = sqrt * sqrt; // token1 base units per token0 base unit
        bool inIsToken0 = string.CompareOrdinal(tokenIn.ToString().ToLowerInvariant(), tokenOut.ToString().ToLowerInvariant()) < 0;
        var rawOutPerIn = inIsToken0 ? raw1Per0 : 1 / raw1Per0;
        return rawOutPerIn * Math.Pow(10, decimalsIn - decimalsOut);
    }

    // ---- health-factor floor ----

    private async Task<StrategyProposal> HealthFloorAsync(Context c, HealthFactorFloorDefinition floor, CancellationToken ct)
    {
        var aave = c.Chain.AaveV3 ?? throw new InvalidOperationException($"chain {c.Chain.Name} has no Aave v3");
        var positions = await ReadPositionsAsync(c, ct).ConfigureAwait(false);
        var account = positions.Of(PositionProtocols.AaveV3)
            .Where(r => r.Decoded.TryGetValue("healthFactor", out var hf) && hf < floor.Floor)
            .OrderBy(r => r.Decoded["healthFactor"]).FirstOrDefault();
        if (account is null) return Empty(c, "Aave v3", "no account below the floor at this block");
        if (account.Decoded.TryGetValue("eModeCategory", out var eMode) && eMode != 0)
        {
            return Empty(c, "Aave v3", "the account is in an eMode category, which the formula does not model", "Repay or supply by hand.");
        }
        var legs = account.AaveLegs ?? throw new InvalidOperationException($"account {account.Owner}: the reading lacks a value the formula needs");
        var owner = account.Owner;
        // A hair above the target: debt interest accrues between the quoted block and the one the wallet's transaction
        // lands in (1e-5 covers about 1.5 hours at 5% APR), so the account arrives at, not just below, the target.
        var target = HedgeSizing.Wad(floor.Target * (1 + AccrualMargin));
        var pool = Address.Parse(aave.Pool);
        var options = new List<(FixOption Option, Address Asset, BigInteger Amount)>();

        foreach (var leg in legs.Where(l => !l.Borrowed.IsZero))
        {
            var symbol = SymbolOf(c.Chain, positions, leg.Asset);
            var amount = HedgeSizing.RepayToReach(legs, leg.Asset, target);
            var balance = await BalanceAsync(c, Address.Parse(leg.Asset), owner, ct).ConfigureAwait(false);
            options.Add(Option("repay", symbol, leg, amount, balance, legs, (l, a) => l with { Borrowed = l.Borrowed - a }, "repaying all of it falls short of the target"));
        }
        foreach (var reserve in positions.AaveReserves)
        {
            var config = reserve.Configuration;
            if (config.LiquidationThreshold == 0 || !config.Active || config.Frozen || config.Paused || reserve.Price is not { } price) continue;
            var asset = reserve.Asset.ToString();
            var existing = legs.FirstOrDefault(l => string.Equals(l.Asset, asset, StringComparison.OrdinalIgnoreCase));
            var isNew = existing == default;
            var leg = isNew ? new AaveAccountLeg(asset, 0, 0, config.Decimals, price, config.Ltv, config.LiquidationThreshold, config.Ltv != 0) : existing;
            if (!leg.UsedAsCollateral) continue;
            var balance = await BalanceAsync(c, reserve.Asset, owner, ct).ConfigureAwait(false);
            if (balance.IsZero) continue;
            var amount = HedgeSizing.SupplyToReach(legs, asset, balance, target, isNew ? leg : null);
            var symbol = reserve.Symbol ?? asset;
            var withLeg = isNew ? legs.Append(leg).ToList() : legs;
            options.Add(Option("supply", symbol, leg, amount ?? HedgeSizing.SupplyToReach(legs, asset, balance * 1000, target, isNew ? leg : null), balance,
                withLeg, (l, a) => l with { Supplied = l.Supplied + a }, "not even all of it would reach the target"));
        }

        var feasible = options.Where(o => o.Option.WhyNot is null).OrderBy(o => o.Option.ValueUsd).ToList();
        var notes = new List<string>();
        var transactions = new List<UnsignedTransaction>();
        long gas = 0;
        (FixOption Option, Address Asset, BigInteger Amount)? chosen = feasible.Count > 0 ? feasible[0] : null;
        if (chosen is { } pick)
        {
            if (await AllowanceAsync(c, pick.Asset, owner, pool, ct).ConfigureAwait(false) < pick.Amount)
            {
                transactions.Add(Tx($"approve the Aave Pool to take {pick.Option.AmountUnits:0.######} {pick.Option.Token}", owner, pick.Asset,
                    new ApproveFunction { Spender = pool.ToString(), Value = pick.Amount }, ApproveGas));
                gas += ApproveGas;
            }
            if (pick.Option.Action == "repay")
            {
                transactions.Add(Tx($"repay {pick.Option.AmountUnits:0.######} {pick.Option.Token} of variable debt", owner, pool,
                    new RepayFunction { Asset = pick.Asset.ToString(), Amount = pick.Amount, OnBehalfOf = owner.ToString() }, RepayGas));
                gas += RepayGas;
            }
            else
            {
                transactions.Add(Tx($"supply {pick.Option.AmountUnits:0.######} {pick.Option.Token} as collateral", owner, pool,
                    new SupplyFunction { Asset = pick.Asset.ToString(), Amount = pick.Amount, OnBehalfOf = owner.ToString() }, SupplyGas));
                gas += SupplyGas;
            }
        }
        else
        {
            notes.Add("No token the wallet holds can lift the health factor to the target: add funds to the wallet first.");
        }
        var ordered = options.Select(o => o.Option with { Chosen = chosen is { } ch && ReferenceEquals(o.Option, ch.Option) })
            .OrderByDescending(o => o.Chosen).ThenBy(o => o.WhyNot is null ? 0 : 1).ThenBy(o => o.ValueUsd).ToList();
        var gasUsd = gas > 0 ? await GasUsdAsync(c, gas, ct).ConfigureAwait(false) : null;
        var hfBefore = account.Decoded["healthFactor"];
        var summary = chosen is { } best
            ? $"{best.Option.Action} {best.Option.AmountUnits:0.####} {best.Option.Token}: health factor {hfBefore:0.####} → {best.Option.HealthFactorAfter:0.####} (target {floor.Target:0.###})"
            : "no fix the wallet can pay for";
        return new StrategyProposal(c.Strategy.Row.Id, c.Strategy.Row.Version, c.Status.Kind, c.Chain.Name, c.Snapshot.BlockNumber, c.Snapshot.BlockHash,
            c.Status.Text, chosen is { } b2 ? $"Aave v3 {b2.Option.Action} {b2.Option.Token}" : "Aave v3", summary, owner.ToString(), null, ordered, transactions, gas, gasUsd,
            chosen is { } b3 ? b3.Option.ValueUsd + (gasUsd ?? 0) : null,
            new ProposalAfter(null, null, chosen?.Option.HealthFactorAfter, c.Snapshot.NetDollarGamma, c.Snapshot.NetVegaPerVolPoint), notes);

        (FixOption, Address, BigInteger) Option(string action, string symbol, AaveAccountLeg leg, BigInteger? amount, BigInteger balance,
            IReadOnlyList<AaveAccountLeg> all, Func<AaveAccountLeg, BigInteger, AaveAccountLeg> apply, string shortfall)
        {
            var asset = Address.Parse(leg.Asset);
            if (amount is not { } a) return (new FixOption(action, symbol, "", 0, 0, null, false, shortfall), asset, 0);
            var units = FromBase(a, leg.Decimals);
            var value = (double)(a * leg.Price / BigInteger.Pow(10, leg.Decimals)) / 1e8;
            var afterLegs = all.Select(l => string.Equals(l.Asset, leg.Asset, StringComparison.OrdinalIgnoreCase) ? apply(l, a) : l).ToList();
            var hf = AaveAccountFormula.Compute(afterLegs).HealthFactor;
            string? why = balance < a ? $"the wallet holds {FromBase(balance, leg.Decimals):0.######} {symbol}, {units:0.######} are needed" : null;
            return (new FixOption(action, symbol, a.ToString(CultureInfo.InvariantCulture), units, value, hf, false, why), asset, a);
        }
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

    private static async Task<double?> GasUsdAsync(Context c, long gas, CancellationToken ct)
    {
        var gasPrice = HexQuantity.ParseBigInteger(await c.Eth.RequestAsync<string>("eth_gasPrice", [], ct).ConfigureAwait(false));
        return UsdPrice(c.Snapshot, c.Chain.Native.Underlying) is { } eth ? (double)(gasPrice * gas) / 1e18 * eth : null;
    }

    private static double? UsdPrice(ExposureSnapshot s, string underlying) =>
        s.Assets.FirstOrDefault(a => string.Equals(a.Underlying, underlying, StringComparison.OrdinalIgnoreCase))?.PriceUsd;

    private static UnsignedTransaction Tx<TFunction>(string description, Address from, Address to, TFunction message, long gas) where TFunction : FunctionMessage, new() =>
        new(description, from.ToString(), to.ToString(), Hex.Encode(message.GetCallData()), "0x0", HexQuantity.Format((ulong)gas));

    private static BigInteger ToBase(double units, int decimals) =>
        new(Math.Round((decimal)units * (decimal)Math.Pow(10, Math.Min(decimals, 18)), MidpointRounding.ToZero) * (decimals > 18 ? (decimal)Math.Pow(10, decimals - 18) : 1m));

    private static double FromBase(BigInteger amount, int decimals) => (double)amount / Math.Pow(10, decimals);
}
