using System.Globalization;
using System.Numerics;
using ExposureWeb.Chain.Governance;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Protocols.Aave;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Data.Governance;
using ExposureWeb.Engine.Reading;
using ExposureWeb.Risk.Governance;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;

namespace ExposureWeb.Engine.Governance;

/// <summary>A what-if's outcome: a stored report, or what is wrong with the input (nothing simulated, nothing stored).</summary>
/// <param name="ReportId">The stored report's id, or null.</param>
/// <param name="Report">The report, with only the caller's portfolios.</param>
/// <param name="Errors">What to fix, or empty.</param>
public sealed record WhatIfOutcome(int? ReportId, ImpactReport? Report, IReadOnlyList<WhatIfError> Errors);

/// <summary>
/// A hypothetical change typed by a user ("WETH liquidation threshold 78%") run exactly as a proposal would be: encoded
/// as the PoolConfigurator calls a proposal would make, executed as the chain's timelock on a fork, reported the same way
/// (so a what-if and the equivalent real proposal give the same numbers, to the same calldata hash).
/// </summary>
public sealed class WhatIfService(
    ChainRegistry chains,
    ChainClients clients,
    GovernanceScanService scans,
    PortfolioDirectory directory,
    GovernanceStore store,
    IOptions<EngineOptions> engineOptions)
{
    /// <summary>Runs the what-if for <paramref name="userId"/> over <paramref name="portfolioIds"/> (the caller's portfolios on the chain).</summary>
    /// <param name="chainName">The chain.</param>
    /// <param name="text">The changes, one per line or separated by ";".</param>
    /// <param name="userId">Who asks (the report is theirs alone).</param>
    /// <param name="portfolioIds">The portfolios to value: the caller's.</param>
    /// <param name="executeAt">When to execute it (default: the next block); a time before the head means the next block.</param>
    /// <param name="ct">Cancels the run.</param>
    public async Task<WhatIfOutcome> RunAsync(string chainName, string text, int userId, IReadOnlyCollection<int> portfolioIds, DateTimeOffset? executeAt, CancellationToken ct)
    {
        if (!chains.TryGet(chainName, out var chain)) return Fail($"no chain named \"{chainName}\"");
        if (chain.AaveV3 is null) return Fail($"chain \"{chain.Name}\" has no Aave v3 market to change");
        if (chain.Governance is not { } governance) return Fail($"chain \"{chain.Name}\" names no timelock (governance section) to execute the change as");
        var (parsed, errors) = WhatIfParser.Parse(text);
        if (errors.Count > 0) return new WhatIfOutcome(null, null, errors);

        var eth = clients.For(chain).Eth;
        var head = await eth.GetBlockAsync(BlockParameter.Latest, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"chain {chain.Name}: the node has no latest block");
        var pinned = BlockParameter.FromNumber(head.Number);
        var current = (await new AaveParameterScanner(engineOptions.Value.ReaderOptions()).ScanAsync(eth, chain, pinned, ct).ConfigureAwait(false)).Parameters;
        var contracts = await GovernedContracts.ReadAsync(eth, chain, pinned, ct).ConfigureAwait(false);

        var (calls, callErrors) = Encode(parsed, current, contracts);
        if (callErrors.Count > 0) return new WhatIfOutcome(null, null, callErrors);

        var portfolios = (await directory.OnChainAsync(chain.Name, ct).ConfigureAwait(false)).Where(p => portfolioIds.Contains(p.Id)).ToList();
        var title = "What if: " + string.Join("; ", parsed.Select(c => $"{c.Symbol.ToUpperInvariant()} {c.Parameter} {c.Value.ToString(CultureInfo.InvariantCulture)}"));
        if (title.Length > 300) title = title[..297] + "…";
        var report = await scans.ReportAsync(chain, head, governance, contracts, current, calls, portfolios, executeAt ?? head.Timestamp, false,
            ImpactReportKinds.WhatIf, title, null, null, ct).ConfigureAwait(false);
        var id = await store.AddReportAsync(GovernanceScanService.ToEntity(report, null, userId), GovernanceScanService.Rows(report), ct).ConfigureAwait(false);
        return new WhatIfOutcome(id, report, []);
    }

    /// <summary>
    /// The PoolConfigurator calls a proposal would make for <paramref name="changes"/>: one configureReserveAsCollateral per
    /// reserve whose LTV, threshold or bonus changes (the others kept at their current values), one setter per other
    /// parameter. Aave's own rules for collateral parameters are checked first so the user reads them in words.
    /// </summary>
    internal static (IReadOnlyList<ProposalCall> Calls, IReadOnlyList<WhatIfError> Errors) Encode(IReadOnlyList<WhatIfChange> changes, MarketParameters current, GovernedContracts contracts)
    {
        var errors = new List<WhatIfError>();
        var calls = new List<byte[]>();
        foreach (var group in changes.GroupBy(c => c.Symbol.ToUpperInvariant()))
        {
            var reserve = current.Reserves.FirstOrDefault(r => string.Equals(r.Symbol, group.Key, StringComparison.OrdinalIgnoreCase));
            if (reserve is null)
            {
                errors.Add(new WhatIfError(1, $"no reserve \"{group.Key}\" in this market; reserves: {string.Join(", ", current.Reserves.Select(r => r.Label))}"));
                continue;
            }
            long? Get(string parameter) => group.FirstOrDefault(c => c.Parameter == parameter)?.Value;
            var ltv = Get(ParameterNames.Ltv) ?? reserve.Ltv;
            var threshold = Get(ParameterNames.LiquidationThreshold) ?? reserve.LiquidationThreshold;
            var bonus = Get(ParameterNames.LiquidationBonus) ?? reserve.LiquidationBonus;
            if (Get(ParameterNames.Ltv) is not null || Get(ParameterNames.LiquidationThreshold) is not null || Get(ParameterNames.LiquidationBonus) is not null)
            {
                // PoolConfigurator.configureReserveAsCollateral's own checks (Aave v3 error 20, INVALID_RESERVE_PARAMS).
                if (ltv > threshold) errors.Add(new WhatIfError(1, $"{reserve.Label}: LTV {ltv / 100.0:0.##}% above the liquidation threshold {threshold / 100.0:0.##}%; lower the LTV too (Aave refuses it)"));
                else if (threshold != 0 && bonus <= 10_000) errors.Add(new WhatIfError(1, $"{reserve.Label}: a collateral needs a liquidation bonus above 100% (is {bonus / 100.0:0.##}%)"));
                else if (threshold != 0 && threshold * bonus / 10_000 > 10_000) errors.Add(new WhatIfError(1, $"{reserve.Label}: threshold × bonus must not exceed 100% ({threshold / 100.0:0.##}% × {bonus / 100.0:0.##}%)"));
                else calls.Add(new ConfigureReserveAsCollateralFunction { Asset = reserve.Asset, Ltv = ltv, LiquidationThreshold = threshold, LiquidationBonus = bonus }.GetCallData());
            }
            foreach (var c in group)
            {
                byte[]? data = c.Parameter switch
                {
                    ParameterNames.SupplyCap => new SetSupplyCapFunction { Asset = reserve.Asset, SupplyCap = c.Value }.GetCallData(),
                    ParameterNames.BorrowCap => new SetBorrowCapFunction { Asset = reserve.Asset, BorrowCap = c.Value }.GetCallData(),
                    ParameterNames.ReserveFactor => new SetReserveFactorFunction { Asset = reserve.Asset, ReserveFactor = c.Value }.GetCallData(),
                    ParameterNames.LiquidationProtocolFee => new SetLiquidationProtocolFeeFunction { Asset = reserve.Asset, Fee = c.Value }.GetCallData(),
                    ParameterNames.DebtCeiling => new SetDebtCeilingFunction { Asset = reserve.Asset, DebtCeiling = c.Value }.GetCallData(),
                    ParameterNames.Frozen => new SetReserveFreezeFunction { Asset = reserve.Asset, Freeze = c.Value != 0 }.GetCallData(),
                    ParameterNames.Paused => new SetReservePauseFunction { Asset = reserve.Asset, Paused = c.Value != 0 }.GetCallData(),
                    ParameterNames.BorrowingEnabled => new SetReserveBorrowingFunction { Asset = reserve.Asset, Enabled = c.Value != 0 }.GetCallData(),
                    _ => null,
                };
                if (data is not null) calls.Add(data);
            }
        }
        var target = contracts.PoolConfigurator.ToString();
        return (errors.Count > 0 ? [] : calls.Select((d, i) => new ProposalCall(i, target, BigInteger.Zero, Hex.Encode(d))).ToList(), errors);
    }

    private static WhatIfOutcome Fail(string message) => new(null, null, [new WhatIfError(1, message)]);
}
