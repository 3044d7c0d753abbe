using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Scenarios;
using RiskPortfolio = ExposureWeb.Risk.Instruments.Portfolio;

namespace ExposureWeb.Engine.Stress;

/// <summary>What a run stresses: the portfolio's positions and market at one block, compiled for revaluation.</summary>
/// <param name="Risk">The priced positions the book was compiled from (a cascade takes the lending accounts out of it).</param>
public sealed record StressBook(ScenarioBook Book, MarketSnapshot Market, string ChainName, long BlockNumber, DateTimeOffset BlockTime, PortfolioRisk Risk);

/// <summary>
/// Reads a portfolio fresh at the chain's latest block, through the engine's own reader (the same batched, block-pinned
/// read and the same oracle answers as a live snapshot), then prices it and compiles the scenario book exactly as the
/// snapshot's stress grid is compiled.
/// </summary>
public sealed class StressBookSource(PortfolioStore portfolios, PortfolioDirectory directory, ChainRegistry chains, ChainClients clients,
    PortfolioSnapshotReader reader, MarketBuilder markets)
{
    public async Task<StressBook> ReadAsync(int portfolioId, CancellationToken ct)
    {
        var stored = await portfolios.FindAsync(portfolioId, ct).ConfigureAwait(false)
            ?? throw new StressRunException($"portfolio {portfolioId} no longer exists.");
        if (!chains.TryGet(stored.ChainName, out var chain)) throw new StressRunException($"the chain \"{stored.ChainName}\" of this portfolio is not connected (yet).");
        var watched = (await directory.OnChainAsync(chain.Name, ct).ConfigureAwait(false)).FirstOrDefault(p => p.Id == portfolioId)
            ?? throw new StressRunException($"portfolio {portfolioId} is not watched on {chain.Name} (yet): try again in a few seconds.");
        var eth = clients.For(chain).Eth;
        BlockHeader head;
        try
        {
            head = await eth.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
                ?? throw new StressRunException($"the node of {chain.Name} has no latest block.");
        }
        catch (RpcException ex)
        {
            throw new StressRunException($"the node of {chain.Name} could not be read ({ex.Message}).");
        }
        PortfolioPositions? read = null;
        await reader.ReadAllAsync(eth, chain, [watched], head, (_, _) => Task.CompletedTask, ct,
            new SnapshotReadOptions(false, (_, positions) => read = positions)).ConfigureAwait(false);
        if (read is null) throw new StressRunException($"the positions of portfolio {portfolioId} could not be read at block {head.Number}.");
        var market = markets.Build(chain.Name, head.Number, head.Timestamp, read.Prices);
        var positions = read.Positions.Select(p => p.ToPosition()).OfType<Position>().Concat(watched.Manual).ToList();
        var risk = RiskCalculator.Compute(new RiskPortfolio(portfolioId.ToString(System.Globalization.CultureInfo.InvariantCulture), positions), market);
        return new StressBook(ScenarioBook.Build(risk, market), market, chain.Name, (long)head.Number, head.Timestamp, risk);
    }
}

/// <summary>A run cannot go on, for a reason the user reads as it is.</summary>
public sealed class StressRunException(string message) : Exception(message);
