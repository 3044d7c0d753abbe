using System.Globalization;
using ExposureWeb.Chain.Adapters.Uniswap;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Risk.Scenarios;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Stress;

/// <summary>The pool a cascade sells into, as read, with the words that say which pool it is.</summary>
/// <param name="Pool">The pool for the cascade maths.</param>
/// <param name="Read">What was read, with the block.</param>
/// <param name="Label">E.g. "WETH/USDC 0.05%".</param>
public sealed record CascadePoolRead(CascadePool Pool, PoolLiquidityRead Read, string Label);

/// <summary>
/// Finds the Uniswap v3 pool of a cascade — a token of the chain profile whose underlying is the driver, against the
/// quote token, at the fee tier — and reads its liquidity profile at the run's block.
/// </summary>
public sealed class CascadePoolSource(ChainRegistry chains, ChainClients clients, IOptions<StressOptions> stress, IOptions<EngineOptions> engine)
{
    /// <exception cref="StressRunException">The chain, a token or the pool is missing, or a read failed: the message says which.</exception>
    public async Task<CascadePoolRead> ReadAsync(string chainName, string driver, string quote, int feeTier, long blockNumber, CancellationToken ct)
    {
        if (!chains.TryGet(chainName, out var chain)) throw new StressRunException($"the chain \"{chainName}\" of this portfolio is not connected (yet).");
        if (chain.UniswapV3 is null) throw new StressRunException($"{chain.Name} has no Uniswap v3 in its chain profile: a cascade needs a pool to sell into.");
        var quoteToken = chain.Tokens.FirstOrDefault(t => string.Equals(t.Symbol, quote, StringComparison.OrdinalIgnoreCase))
            ?? throw new StressRunException($"no token \"{quote}\" in the chain profile of {chain.Name}; known: {string.Join(", ", chain.Tokens.Select(t => t.Symbol))}.");
        var candidates = chain.Tokens.Where(t => string.Equals(t.Underlying, driver, StringComparison.OrdinalIgnoreCase) && t != quoteToken).ToList();
        if (candidates.Count == 0) throw new StressRunException($"no token of {driver} in the chain profile of {chain.Name}: name an underlying with a token, e.g. ETH.");
        string tier = (feeTier / 10_000.0).ToString("0.####", CultureInfo.InvariantCulture) + "%";
        var reader = new UniswapV3LiquidityReader(engine.Value.ReaderOptions());
        var eth = clients.For(chain).Eth;
        var missing = new List<string>();
        foreach (var token in candidates)
        {
            try
            {
                var read = await reader.ReadAsync(eth, chain, Address.Parse(token.Address), Address.Parse(quoteToken.Address), (uint)feeTier,
                    BlockParameter.FromNumber((ulong)blockNumber), stress.Value.CascadePoolWords, ct).ConfigureAwait(false);
                bool driverIs0 = read.Token0 == Address.Parse(token.Address);
                var pool = new CascadePool(read.Liquidity, driverIs0, driverIs0 ? read.Decimals0 : read.Decimals1, driverIs0 ? read.Decimals1 : read.Decimals0);
                return new CascadePoolRead(pool, read, $"{token.Symbol}/{quoteToken.Symbol} {tier}");
            }
            catch (InvalidOperationException ex)
            {
                missing.Add($"{token.Symbol}/{quoteToken.Symbol}: {ex.Message.TrimEnd('.')}");
            }
            catch (RpcException ex)
            {
                throw new StressRunException($"the node of {chain.Name} could not be read ({ex.Message}).");
            }
        }
        throw new StressRunException($"no Uniswap v3 pool to sell {driver} for {quoteToken.Symbol} at fee tier {tier} on {chain.Name} ({string.Join("; ", missing)}): choose another quote token or fee tier.");
    }
}
