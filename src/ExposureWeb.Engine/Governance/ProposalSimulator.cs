using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ExposureWeb.Chain.Adapters;
using ExposureWeb.Chain.Forks;
using ExposureWeb.Chain.Multicall;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Risk.Governance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Governance;

/// <summary>One call a proposal makes, as its executor (the timelock) will make it.</summary>
/// <param name="Target">The contract called.</param>
/// <param name="Value">Wei sent with it.</param>
/// <param name="Data">Calldata.</param>
public sealed record SimulatedCall(string Target, BigInteger Value, byte[] Data);

/// <summary>What to simulate: calls made by <paramref name="Executor"/> on a fork of the chain at <paramref name="Head"/>.</summary>
/// <param name="Chain">The chain profile.</param>
/// <param name="Head">The block the fork starts from.</param>
/// <param name="Executor">The account the calls come from (the timelock that holds the protocol's admin roles).</param>
/// <param name="Calls">The calls, in order.</param>
/// <param name="ExecuteAt">When they execute: the proposal's ETA (or its estimate); the next second after the head when earlier.</param>
/// <param name="Portfolios">The portfolios to value before and after.</param>
/// <param name="Changes">The parameter changes the calls make (decoded), for the formula-based estimate.</param>
public sealed record SimulationRequest(
    ChainProfile Chain, BlockHeader Head, string Executor, IReadOnlyList<SimulatedCall> Calls, DateTimeOffset ExecuteAt,
    IReadOnlyList<WatchedPortfolio> Portfolios, IReadOnlyList<ParameterChange> Changes);

/// <summary>How one call went on the fork.</summary>
/// <param name="Index">Its position in the proposal.</param>
/// <param name="Target">The contract called.</param>
/// <param name="Succeeded">False: it reverted, and with it the whole proposal (the timelock runs the calls atomically).</param>
/// <param name="Error">The revert reason, or null.</param>
/// <param name="GasUsed">Gas the call used on the fork.</param>
public sealed record CallExecution(int Index, string Target, bool Succeeded, string? Error, ulong? GasUsed);

/// <summary>An Aave account's figures before and after, from the chain and from the formula.</summary>
/// <param name="PositionId">The lending position.</param>
/// <param name="HealthBefore">getUserAccountData's health factor before (+∞ without debt).</param>
/// <param name="HealthAfter">The same after the calls executed on the fork; null when they reverted.</param>
/// <param name="FormulaBefore">The formula on the "before" reserves (equal to <paramref name="HealthBefore"/>: the check that the inputs are right).</param>
/// <param name="FormulaAfter">The formula with the changes applied to the "before" reserves; null when the account is outside the formula (eMode, a missing price).</param>
/// <param name="BorrowingPowerBefore">availableBorrowsBase before, base currency (USD on USD markets).</param>
/// <param name="BorrowingPowerAfter">The same after.</param>
public sealed record AccountSimulation(
    string PositionId, double? HealthBefore, double? HealthAfter, AaveAccountFigures? FormulaBefore, AaveAccountFigures? FormulaAfter,
    double? BorrowingPowerBefore, double? BorrowingPowerAfter);

/// <summary>One portfolio valued before and after.</summary>
public sealed record PortfolioSimulation(WatchedPortfolio Portfolio, ExposureSnapshot? Before, ExposureSnapshot? After, IReadOnlyList<AccountSimulation> Accounts);

/// <summary>The simulation's outcome, pinned to the fork's blocks.</summary>
/// <param name="ForkBlock">The chain's block the fork started from.</param>
/// <param name="BeforeBlock">The fork's block (empty, at the execution time) the "before" figures were read at.</param>
/// <param name="AfterBlock">The fork's block after the last call; null when a call reverted.</param>
/// <param name="ExecutedAt">The simulated execution time (the blocks' timestamp).</param>
/// <param name="Calls">Each call's outcome (stops at the first revert).</param>
/// <param name="Portfolios">Every portfolio, before and after.</param>
public sealed record SimulationResult(
    ulong ForkBlock, ulong BeforeBlock, ulong? AfterBlock, DateTimeOffset ExecutedAt, IReadOnlyList<CallExecution> Calls, IReadOnlyList<PortfolioSimulation> Portfolios)
{
    /// <summary>The first call that reverted, or null when all went through.</summary>
    public CallExecution? Reverted => Calls.FirstOrDefault(c => !c.Succeeded);
}

/// <summary>
/// Executes a proposal's calls as its executor on a private fork of the chain and values every portfolio just before
/// and just after, with the engine's own reader and models — the impact by simulation, not by formula.
/// </summary>
/// <remarks>
/// <para>The fork starts at the chain's head. An empty block is mined at the execution time and the "before" figures
/// are read there; each call is then sent from the executor in a block of the same timestamp, and the "after" figures
/// are read at the last one. Both sides therefore carry the same interest accrual and oracle answers: the difference is
/// the proposal's alone, and the "after" is what the chain will show if nothing else moves before the ETA (the live
/// value after the real execution at that time agrees to the last unit).</para>
/// <para>Oracle answers are used even when they would be stale at the execution time (flagged on the rows): a
/// simulated ETA days ahead must not blank the Greeks.</para>
/// </remarks>
public sealed class ProposalSimulator(
    IChainForkLauncher forks,
    TimeProvider time,
    IOptions<EngineOptions> options,
    MarketBuilder markets,
    ILoggerFactory loggers)
{
    /// <summary>Gas limit per call on the fork: setters use a few hundred thousand; a call out of gas reverts and says so.</summary>
    private const ulong CallGas = 8_000_000;

    /// <summary>Simulates the request.</summary>
    /// <exception cref="ChainForkException">The fork could not be started.</exception>
    /// <exception cref="RpcException">The fork stopped answering.</exception>
    public async Task<SimulationResult> SimulateAsync(SimulationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var fork = await forks.ForkAsync(request.Chain.RpcUrls, request.Head.Number, request.Chain.ChainId, ct).ConfigureAwait(false);
        using var http = new JsonRpcHttpClient(fork.RpcUrl, TimeSpan.FromSeconds(60));
        var eth = new EthClient(http, time);

        var at = request.ExecuteAt.ToUnixTimeSeconds() > request.Head.Timestamp.ToUnixTimeSeconds()
            ? request.ExecuteAt.ToUnixTimeSeconds()
            : request.Head.Timestamp.ToUnixTimeSeconds() + 1;
        await eth.RequestAsync<JsonElement>("evm_mine", [new { timestamp = at }], ct).ConfigureAwait(false);
        var beforeHead = await eth.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
            ?? throw new ChainForkException("the fork has no latest block");
        // One reader for both sides, with its own discovery cache: the "after" read reuses what the "before" read
        // discovered, and what the fork shows never becomes what the live reader plans from.
        var reader = new PortfolioSnapshotReader(time, options, markets, new PositionDiscoveryCache(), loggers.CreateLogger<PortfolioSnapshotReader>());
        var before = await ReadAsync(reader, eth, request, beforeHead, ct).ConfigureAwait(false);

        var executor = Address.Parse(request.Executor);
        var total = request.Calls.Aggregate(BigInteger.Zero, (sum, c) => sum + c.Value);
        // The executor pays for the calls' gas and value on the fork only.
        await eth.RequestAsync<JsonElement>("anvil_setBalance", [executor.ToString(), HexQuantity.Format(total + BigInteger.Pow(10, 24))], ct).ConfigureAwait(false);

        var executions = new List<CallExecution>();
        for (var i = 0; i < request.Calls.Count; i++)
        {
            var execution = await ExecuteAsync(eth, executor, i, request.Calls[i], at, ct).ConfigureAwait(false);
            executions.Add(execution);
            if (!execution.Succeeded) break;
        }
        if (executions.Any(e => !e.Succeeded))
        {
            return new SimulationResult(request.Head.Number, beforeHead.Number, null, DateTimeOffset.FromUnixTimeSeconds(at), executions,
                request.Portfolios.Select((p, i) => new PortfolioSimulation(p, before.Snapshots.GetValueOrDefault(p.Id), null, [])).ToList());
        }

        var afterHead = await eth.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
            ?? throw new ChainForkException("the fork has no latest block");
        var after = await ReadAsync(reader, eth, request, afterHead, ct).ConfigureAwait(false);
        var portfolios = request.Portfolios.Select(p => new PortfolioSimulation(
            p, before.Snapshots.GetValueOrDefault(p.Id), after.Snapshots.GetValueOrDefault(p.Id),
            Accounts(request, before.Readings.GetValueOrDefault(p.Id), after.Readings.GetValueOrDefault(p.Id)))).ToList();
        return new SimulationResult(request.Head.Number, beforeHead.Number, afterHead.Number, DateTimeOffset.FromUnixTimeSeconds(at), executions, portfolios);
    }

    private static async Task<CallExecution> ExecuteAsync(EthClient eth, Address executor, int index, SimulatedCall call, long at, CancellationToken ct)
    {
        var target = Address.Parse(call.Target);
        // eth_call first: a revert comes back with its reason (a mined failure only says status 0).
        try
        {
            await eth.RequestAsync<JsonElement>("eth_call",
                [new { from = executor.ToString(), to = target.ToString(), data = Hex.Encode(call.Data), value = HexQuantity.Format(call.Value) }, "latest"], ct).ConfigureAwait(false);
        }
        catch (RpcErrorException ex)
        {
            var reason = ex.DataBytes is { Length: > 0 } data ? RevertReason.Describe(data) : ex.Error.Message;
            return new CallExecution(index, target.ToString(), false, reason, null);
        }
        await eth.RequestAsync<JsonElement>("evm_setNextBlockTimestamp", [HexQuantity.Format(at)], ct).ConfigureAwait(false);
        var hash = await eth.SendTransactionAsync(executor, target, call.Data, call.Value, ct, CallGas).ConfigureAwait(false);
        var receipt = await eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20), ct).ConfigureAwait(false);
        return new CallExecution(index, target.ToString(), receipt.Succeeded, receipt.Succeeded ? null : "reverted when mined (status 0)", receipt.GasUsed);
    }

    private static async Task<(Dictionary<int, ExposureSnapshot> Snapshots, Dictionary<int, PortfolioPositions> Readings)> ReadAsync(
        PortfolioSnapshotReader reader, EthClient eth, SimulationRequest request, BlockHeader head, CancellationToken ct)
    {
        var snapshots = new Dictionary<int, ExposureSnapshot>();
        var readings = new Dictionary<int, PortfolioPositions>();
        await reader.ReadAllAsync(eth, request.Chain, request.Portfolios, head, (group, _) =>
        {
            lock (snapshots) foreach (var s in group) snapshots[s.PortfolioId] = s;
            return Task.CompletedTask;
        }, ct, new SnapshotReadOptions(true, (index, positions) =>
        {
            lock (readings) readings[request.Portfolios[index].Id] = positions;
        })).ConfigureAwait(false);
        return (snapshots, readings);
    }

    private static List<AccountSimulation> Accounts(SimulationRequest request, PortfolioPositions? before, PortfolioPositions? after)
    {
        var accounts = new List<AccountSimulation>();
        if (before is null) return accounts;
        foreach (var reading in before.Of(PositionProtocols.AaveV3))
        {
            var afterReading = after?.Positions.FirstOrDefault(p => p.Id == reading.Id);
            var inEMode = reading.Decoded.TryGetValue("eModeCategory", out var eMode) && eMode != 0;
            var legs = inEMode ? null : reading.AaveLegs;
            accounts.Add(new AccountSimulation(
                reading.Id,
                Decoded(reading, "healthFactor"),
                afterReading is null ? null : Decoded(afterReading, "healthFactor"),
                legs is null ? null : AaveAccountFormula.Compute(legs),
                legs is null ? null : AaveAccountFormula.Compute(AaveAccountFormula.Apply(legs, request.Changes)),
                Decoded(reading, "availableBorrowsBase"),
                afterReading is null ? null : Decoded(afterReading, "availableBorrowsBase")));
        }
        return accounts;
    }

    private static double? Decoded(PositionReading reading, string name) => reading.Decoded.TryGetValue(name, out var v) ? v : null;
}
