using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Portfolios;
using ExposureWeb.Risk.Pricing;
using ExposureWeb.Risk.Pricing.Models;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>
/// A portfolio compiled for full revaluation under many scenarios: positions flattened into arrays per kind
/// (options through the vectorised price kernel), so a 35-cell grid over ten thousand positions takes milliseconds.
/// </summary>
/// <remarks>
/// <para>Every position priced at the base market is revalued in full in each cell: options by Black-Scholes-Merton
/// with the moved price and volatility, Uniswap ranges from their liquidity at the moved pool price, lending and perp
/// accounts from their legs. Positions that could not be priced at the base market are excluded and listed.</para>
/// <para>Liquidation is applied as the user would experience it after the move, not path by path: an isolated perp or
/// cross account below maintenance margin is worth 0 (its margin is lost); a lending account with HF &lt; 1 loses the
/// liquidation bonus on one liquidation call (close factor 50% of the debt, 100% below HF 0.95, at the highest bonus
/// among its collaterals) and is floored at 0; accounts are never worth less than 0 (limited liability).</para>
/// </remarks>
public sealed class ScenarioBook
{
    /// <summary>Aave's close factor above <see cref="FullCloseHealthFactor"/>: half the debt per liquidation.</summary>
    public const double DefaultCloseFactor = 0.5;

    /// <summary>Below this health factor Aave lets a liquidator repay all the debt.</summary>
    public const double FullCloseHealthFactor = 0.95;

    private readonly string[] _underlyings;
    private readonly double[] _basePrice;
    private readonly Dictionary<string, int> _index;

    // Linear exposures (spot, manual, and stand-alone perps without margin): value = cash + Σ qty × price.
    private readonly int[] _linU;
    private readonly double[] _linQty;
    private readonly double _cash;

    // Options.
    private readonly int[] _optU;
    private readonly double[] _optQty, _optStrike, _optYears, _optRate, _optCarry, _optVol;
    private readonly bool[] _optCall;

    // Uniswap v3 ranges, human units.
    private readonly int[] _lpU0, _lpU1;
    private readonly double[] _lpL, _lpSa, _lpSb, _lpPool, _lpFee0, _lpFee1;

    // Isolated perps. Margin in USD (_perpCollU −1) or _perpCollQty units of underlying _perpCollU, moving with its price.
    private readonly int[] _perpU, _perpCollU;
    private readonly double[] _perpSize, _perpEntry, _perpRate, _perpMargin, _perpCollQty;
    private readonly string[] _perpIds;

    // Cross-margin accounts, legs in CSR layout.
    private readonly int[] _crossStart;
    private readonly double[] _crossCollateral;
    private readonly int[] _crossU;
    private readonly double[] _crossSize, _crossEntry, _crossRate;
    private readonly string[] _crossIds;

    // Lending accounts, legs in CSR layout.
    private readonly int[] _supStart, _debtStart;
    private readonly int[] _supU, _debtU;
    private readonly double[] _supQty, _supWeighted, _debtQty, _lendBonus;
    private readonly string[] _lendIds;

    private ScenarioBook(Builder b)
    {
        _underlyings = [.. b.Underlyings];
        _basePrice = [.. b.BasePrices];
        _index = b.Index;
        _linU = [.. b.LinU]; _linQty = [.. b.LinQty]; _cash = b.Cash;
        _optU = [.. b.OptU]; _optQty = [.. b.OptQty]; _optStrike = [.. b.OptStrike]; _optYears = [.. b.OptYears];
        _optRate = [.. b.OptRate]; _optCarry = [.. b.OptCarry]; _optVol = [.. b.OptVol]; _optCall = [.. b.OptCall];
        _lpU0 = [.. b.LpU0]; _lpU1 = [.. b.LpU1]; _lpL = [.. b.LpL]; _lpSa = [.. b.LpSa]; _lpSb = [.. b.LpSb];
        _lpPool = [.. b.LpPool]; _lpFee0 = [.. b.LpFee0]; _lpFee1 = [.. b.LpFee1];
        _perpU = [.. b.PerpU]; _perpSize = [.. b.PerpSize]; _perpEntry = [.. b.PerpEntry]; _perpRate = [.. b.PerpRate];
        _perpMargin = [.. b.PerpMargin]; _perpCollU = [.. b.PerpCollU]; _perpCollQty = [.. b.PerpCollQty]; _perpIds = [.. b.PerpIds];
        _crossStart = [.. b.CrossStart, b.CrossU.Count]; _crossCollateral = [.. b.CrossCollateral];
        _crossU = [.. b.CrossU]; _crossSize = [.. b.CrossSize]; _crossEntry = [.. b.CrossEntry]; _crossRate = [.. b.CrossRate];
        _crossIds = [.. b.CrossIds];
        _supStart = [.. b.SupStart, b.SupU.Count]; _debtStart = [.. b.DebtStart, b.DebtU.Count];
        _supU = [.. b.SupU]; _supQty = [.. b.SupQty]; _supWeighted = [.. b.SupWeighted];
        _debtU = [.. b.DebtU]; _debtQty = [.. b.DebtQty]; _lendBonus = [.. b.LendBonus]; _lendIds = [.. b.LendIds];
        Excluded = b.Excluded;
        PositionCount = b.PositionCount;

        _scratchSpot = new double[_optU.Length];
        _scratchVol = new double[_optU.Length];
        _scratchYears = new double[_optU.Length];
        _scratchPrice = new double[_optU.Length];
        var (basePrice, baseVol) = Factors(1, 0, ScenarioScope.AllRisky);
        BaseValueUsd = Revalue(basePrice, baseVol, 0, null, null, out _, out _);
    }

    /// <summary>Value of the book with no move, USD (equals the sum of the models' values unless an account is already past liquidation).</summary>
    public double BaseValueUsd { get; }

    /// <summary>Number of positions revalued.</summary>
    public int PositionCount { get; }

    /// <summary>Underlyings of the book, in index order.</summary>
    public IReadOnlyList<string> Underlyings => _underlyings;

    /// <summary>Ids of the lending accounts, the order of <see cref="ScenarioCellResult.HealthFactors"/>.</summary>
    public IReadOnlyList<string> LendingPositionIds => _lendIds;

    /// <summary>Positions left out (unpriced at the base market) with the reason.</summary>
    public IReadOnlyList<UnpricedPosition> Excluded { get; }

    /// <summary>Prices the portfolio at <paramref name="market"/> and compiles it.</summary>
    public static ScenarioBook Build(Portfolio portfolio, MarketSnapshot market, PricingModels? models = null) =>
        Build(RiskCalculator.Compute(portfolio, market, models), market);

    /// <summary>Compiles an already computed portfolio risk (its priced positions; the unpriced are listed as excluded).</summary>
    /// <param name="risk">Result of <see cref="RiskCalculator.Compute"/>.</param>
    /// <param name="market">The market it was computed with (base prices).</param>
    public static ScenarioBook Build(PortfolioRisk risk, MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(market);
        var b = new Builder(market);
        b.Excluded.AddRange(risk.Unpriced);
        foreach (var p in risk.Positions)
        {
            if (!b.Add(p)) b.Excluded.Add(new UnpricedPosition(risk.PortfolioId, p.Position, $"no scenario revaluation for {p.Valuation.Model}."));
        }
        return new ScenarioBook(b);
    }

    /// <summary>Revalues the book in one scenario.</summary>
    /// <param name="cell">Price move of the shocked underlyings, and volatility move of the options on them.</param>
    /// <param name="scope">Which underlyings move; every non-pegged one by default.</param>
    /// <param name="horizonYears">Time elapsed before the move is valued (options lose that much time; 0 = instantaneous).</param>
    public ScenarioCellResult Run(ScenarioCell cell, ScenarioScope? scope = null, double horizonYears = 0)
    {
        if (!(cell.PriceMove >= -1) || !(cell.VolMove >= -1) || double.IsInfinity(cell.PriceMove) || double.IsInfinity(cell.VolMove))
        {
            throw new ArgumentOutOfRangeException(nameof(cell), cell, "moves must be finite and at least −100%.");
        }
        if (!(horizonYears >= 0) || double.IsInfinity(horizonYears)) throw new ArgumentOutOfRangeException(nameof(horizonYears), horizonYears, "horizon must be non-negative.");
        var (price, vol) = Factors(1 + cell.PriceMove, cell.VolMove, scope ?? ScenarioScope.AllRisky);
        // A −100% move would put prices at zero, where nothing is defined: stop just short of it.
        for (int u = 0; u < price.Length; u++) price[u] = Math.Max(price[u], double.Epsilon);
        var liquidated = new List<string>();
        var health = new double[_lendIds.Length];
        double value = Revalue(price, vol, horizonYears, liquidated, health, out double minHealth, out _);
        return new ScenarioCellResult(cell, value, value - BaseValueUsd, _lendIds.Length == 0 ? null : minHealth, health, liquidated);
    }

    /// <summary>Base price of each underlying, USD per unit, in <see cref="Underlyings"/> order.</summary>
    internal ReadOnlySpan<double> BasePrices => _basePrice;

    /// <summary>Index of an underlying in <see cref="Underlyings"/>, or −1.</summary>
    internal int IndexOf(string underlying) => _index.TryGetValue(underlying, out int u) ? u : -1;

    /// <summary>
    /// Full revaluation at explicit prices (USD per unit, one per underlying) and volatility factors (σ multipliers per
    /// underlying): the code path of <see cref="Run(ScenarioCell, ScenarioScope?, double)"/> for per-underlying moves.
    /// </summary>
    internal (double ValueUsd, double? MinHealthFactor, double[] HealthFactors, List<string> Liquidated) RevalueAt(double[] price, double[] volFactor, double horizonYears)
    {
        var liquidated = new List<string>();
        var health = new double[_lendIds.Length];
        double value = Revalue(price, volFactor, horizonYears, liquidated, health, out double minHealth, out _);
        return (value, _lendIds.Length == 0 ? null : minHealth, health, liquidated);
    }

    /// <summary>
    /// Revalues the book at many price vectors (row-major, <paramref name="paths"/> rows of <see cref="Underlyings"/>.Count),
    /// volatilities unchanged: the value of each row and the number of positions liquidatable in it. Allocation-free.
    /// </summary>
    internal void RevaluePaths(ReadOnlySpan<double> prices, int paths, double horizonYears, Span<double> values, Span<int> liquidations)
    {
        int n = _underlyings.Length;
        if (prices.Length != paths * n || values.Length < paths || liquidations.Length < paths)
        {
            throw new ArgumentException($"expected {paths} rows of {n} prices and {paths} outputs.");
        }
        var row = new double[n];
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        for (int p = 0; p < paths; p++)
        {
            prices.Slice(p * n, n).CopyTo(row);
            values[p] = Revalue(row, ones, horizonYears, null, null, out _, out int count);
            liquidations[p] = count;
        }
    }

    /// <summary>Runs every cell of a grid (e.g. <see cref="StressGrid.Deribit"/>).</summary>
    public StressReport Run(IReadOnlyList<ScenarioCell> cells, ScenarioScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        scope ??= ScenarioScope.AllRisky;
        var results = new ScenarioCellResult[cells.Count];
        for (int i = 0; i < cells.Count; i++) results[i] = Run(cells[i], scope);
        var shocked = _underlyings.Where(scope.Moves).ToList();
        return new StressReport(BaseValueUsd, shocked, results, Excluded);
    }

    /// <summary>P&amp;L against the price of one underlying (others and volatilities fixed).</summary>
    /// <param name="underlying">Underlying to move.</param>
    /// <param name="moves">Relative moves, e.g. <see cref="StressGrid.Ladder"/>(−0.5, 1, 61).</param>
    /// <param name="horizonYears">Time elapsed first (0: now; an option's remaining life for its payoff at expiry).</param>
    public PayoffCurve Payoff(string underlying, IReadOnlyList<double> moves, double horizonYears = 0)
    {
        ArgumentNullException.ThrowIfNull(moves);
        if (!_index.TryGetValue(underlying, out int u)) throw new ArgumentException($"the book has no exposure to {underlying}.", nameof(underlying));
        var scope = ScenarioScope.Only(underlying);
        var points = new PayoffPoint[moves.Count];
        for (int i = 0; i < moves.Count; i++)
        {
            var r = Run(new ScenarioCell(moves[i], 0), scope, horizonYears);
            points[i] = new PayoffPoint(moves[i], _basePrice[u] * (1 + moves[i]), r.PnlUsd, r.Liquidated.Count);
        }
        return new PayoffCurve(underlying, horizonYears, points);
    }

    private (double[] Price, double[] Vol) Factors(double priceFactor, double volMove, ScenarioScope scope)
    {
        var price = new double[_underlyings.Length];
        var vol = new double[_underlyings.Length];
        for (int u = 0; u < price.Length; u++)
        {
            bool moves = scope.Moves(_underlyings[u]);
            price[u] = _basePrice[u] * (moves ? priceFactor : 1);
            vol[u] = moves ? 1 + volMove : 1;
        }
        return (price, vol);
    }

    private readonly double[] _scratchSpot, _scratchVol, _scratchYears, _scratchPrice;

    /// <summary>Value of the whole book at the given prices (USD per underlying) and volatility factors.</summary>
    private double Revalue(double[] price, double[] volFactor, double horizon, List<string>? liquidated, double[]? health, out double minHealth, out int liquidatedCount)
    {
        double value = _cash;
        liquidatedCount = 0;
        for (int i = 0; i < _linU.Length; i++) value += _linQty[i] * price[_linU[i]];

        if (_optU.Length > 0)
        {
            // Scratch arrays are reused across cells to keep the grid allocation-free; the lock keeps concurrent runs correct.
            lock (_scratchPrice)
            {
                for (int i = 0; i < _optU.Length; i++)
                {
                    _scratchSpot[i] = price[_optU[i]];
                    _scratchVol[i] = _optVol[i] * volFactor[_optU[i]];
                    _scratchYears[i] = Math.Max(_optYears[i] - horizon, 0);
                }
                BlackScholesBatch.Price(_scratchSpot, _optStrike, _scratchYears, _optRate, _optCarry, _scratchVol, _optCall, _scratchPrice);
                for (int i = 0; i < _optU.Length; i++) value += _optQty[i] * _scratchPrice[i];
            }
        }

        for (int i = 0; i < _lpU0.Length; i++)
        {
            int u0 = _lpU0[i], u1 = _lpU1[i];
            double p0 = price[u0], p1 = price[u1];
            double pool = _lpPool[i] * (p0 / _basePrice[u0]) / (p1 / _basePrice[u1]);
            var a = UniswapV3Math.Amounts(_lpL[i], Math.Sqrt(pool), _lpSa[i], _lpSb[i]);
            value += (a.Amount0 + _lpFee0[i]) * p0 + (a.Amount1 + _lpFee1[i]) * p1;
        }

        for (int i = 0; i < _perpU.Length; i++)
        {
            double mark = price[_perpU[i]];
            double margin = _perpCollU[i] < 0 ? _perpMargin[i] : _perpCollQty[i] * price[_perpCollU[i]];
            double equity = margin + _perpSize[i] * (mark - _perpEntry[i]);
            if (equity < _perpRate[i] * Math.Abs(_perpSize[i]) * mark)
            {
                liquidated?.Add(_perpIds[i]);
                liquidatedCount++;
                continue; // isolated margin lost
            }
            value += equity;
        }

        for (int a = 0; a < _crossCollateral.Length; a++)
        {
            double equity = _crossCollateral[a], maintenance = 0;
            for (int j = _crossStart[a]; j < _crossStart[a + 1]; j++)
            {
                double mark = price[_crossU[j]];
                equity += _crossSize[j] * (mark - _crossEntry[j]);
                maintenance += _crossRate[j] * Math.Abs(_crossSize[j]) * mark;
            }
            if (equity < maintenance)
            {
                liquidated?.Add(_crossIds[a]);
                liquidatedCount++;
                continue;
            }
            value += equity;
        }

        minHealth = double.PositiveInfinity;
        for (int a = 0; a < _lendIds.Length; a++)
        {
            double collateral = 0, weighted = 0, debt = 0;
            for (int j = _supStart[a]; j < _supStart[a + 1]; j++)
            {
                double p = price[_supU[j]];
                collateral += _supQty[j] * p;
                weighted += _supWeighted[j] * p;
            }
            for (int j = _debtStart[a]; j < _debtStart[a + 1]; j++) debt += _debtQty[j] * price[_debtU[j]];
            double hf = LendingMath.HealthFactor(weighted, debt);
            if (health is not null) health[a] = hf;
            minHealth = Math.Min(minHealth, hf);
            double net = collateral - debt;
            if (hf < LendingMath.LiquidationThreshold)
            {
                liquidated?.Add(_lendIds[a]);
                liquidatedCount++;
                double closeFactor = hf < FullCloseHealthFactor ? 1 : DefaultCloseFactor;
                net -= Math.Min(closeFactor * debt * _lendBonus[a], collateral);
            }
            value += Math.Max(net, 0);
        }
        return value;
    }

    /// <summary>Accumulates the arrays while walking the positions.</summary>
    private sealed class Builder(MarketSnapshot market)
    {
        public readonly List<string> Underlyings = [];
        public readonly List<double> BasePrices = [];
        public readonly Dictionary<string, int> Index = new(StringComparer.OrdinalIgnoreCase);
        public readonly List<UnpricedPosition> Excluded = [];
        public int PositionCount;
        public double Cash;
        public readonly List<int> LinU = []; public readonly List<double> LinQty = [];
        public readonly List<int> OptU = []; public readonly List<double> OptQty = [], OptStrike = [], OptYears = [], OptRate = [], OptCarry = [], OptVol = []; public readonly List<bool> OptCall = [];
        public readonly List<int> LpU0 = [], LpU1 = []; public readonly List<double> LpL = [], LpSa = [], LpSb = [], LpPool = [], LpFee0 = [], LpFee1 = [];
        public readonly List<int> PerpU = []; public readonly List<double> PerpSize = [], PerpEntry = [], PerpRate = [], PerpMargin = [], PerpCollQty = []; public readonly List<int> PerpCollU = []; public readonly List<string> PerpIds = [];
        public readonly List<int> CrossStart = []; public readonly List<double> CrossCollateral = []; public readonly List<int> CrossU = [];
        public readonly List<double> CrossSize = [], CrossEntry = [], CrossRate = []; public readonly List<string> CrossIds = [];
        public readonly List<int> SupStart = [], DebtStart = [], SupU = [], DebtU = [];
        public readonly List<double> SupQty = [], SupWeighted = [], DebtQty = [], LendBonus = []; public readonly List<string> LendIds = [];

        private int U(string underlying)
        {
            if (Index.TryGetValue(underlying, out int i)) return i;
            // Priced positions only reach here, so the price exists and is usable.
            market.TryGetPrice(underlying, out double price, out _);
            Index[underlying] = Underlyings.Count;
            Underlyings.Add(underlying);
            BasePrices.Add(price);
            return Underlyings.Count - 1;
        }

        public bool Add(PositionRisk risk)
        {
            var id = risk.Position.Id;
            switch (risk.Position.Instrument, risk.Valuation.Detail)
            {
                case (SpotHolding s, _):
                    LinU.Add(U(s.Underlying)); LinQty.Add(s.Quantity);
                    break;
                case (ManualPosition m, _):
                    Cash += m.CashUsd;
                    if (m.Quantity != 0) { LinU.Add(U(m.Underlying)); LinQty.Add(m.Quantity); }
                    break;
                case (EuropeanOption o, OptionDetail d):
                    OptU.Add(U(o.Underlying)); OptQty.Add(o.Quantity); OptStrike.Add(o.Strike); OptYears.Add(d.Years);
                    OptRate.Add(d.Rate); OptCarry.Add(d.Carry); OptVol.Add(d.Volatility?.Volatility ?? 0); OptCall.Add(o.Right == OptionRight.Call);
                    break;
                case (UniswapV3Position p, LiquidityDetail d):
                    LpU0.Add(U(p.Underlying0)); LpU1.Add(U(p.Underlying1));
                    LpL.Add(UniswapV3Math.HumanLiquidity(p.Liquidity, p.Decimals0, p.Decimals1));
                    LpSa.Add(Math.Sqrt(d.PriceLower)); LpSb.Add(Math.Sqrt(d.PriceUpper)); LpPool.Add(d.Price);
                    LpFee0.Add(p.FeesOwed0); LpFee1.Add(p.FeesOwed1);
                    break;
                case (PerpPosition p, _) when !p.IsIsolated:
                    // Outside any account there is no margin to lose: a linear exposure plus the entry cash flow.
                    LinU.Add(U(p.Underlying)); LinQty.Add(p.Size); Cash -= p.Size * p.EntryPrice;
                    break;
                case (PerpPosition p, _):
                    PerpU.Add(U(p.Underlying)); PerpSize.Add(p.Size); PerpEntry.Add(p.EntryPrice);
                    PerpRate.Add(p.MaintenanceMarginRate); PerpIds.Add(id);
                    // Collateral held in an asset is revalued at that asset's moved price (the model takes it over USD margin).
                    if (p.Collateral is { } held) { PerpMargin.Add(0); PerpCollU.Add(U(held.Underlying)); PerpCollQty.Add(held.Quantity); }
                    else { PerpMargin.Add(p.IsolatedMarginUsd!.Value); PerpCollU.Add(-1); PerpCollQty.Add(0); }
                    break;
                case (CrossMarginAccount c, _):
                    CrossStart.Add(CrossU.Count); CrossCollateral.Add(c.CollateralUsd); CrossIds.Add(id);
                    foreach (var p in c.Positions)
                    {
                        CrossU.Add(U(p.Underlying)); CrossSize.Add(p.Size); CrossEntry.Add(p.EntryPrice); CrossRate.Add(p.MaintenanceMarginRate);
                    }
                    break;
                case (LendingAccount l, _):
                    SupStart.Add(SupU.Count); DebtStart.Add(DebtU.Count); LendIds.Add(id);
                    double bonus = 0;
                    foreach (var s in l.Supplies)
                    {
                        bool counts = s.UsedAsCollateral && s.LiquidationThreshold > 0;
                        SupU.Add(U(s.Underlying)); SupQty.Add(s.Quantity); SupWeighted.Add(counts ? s.Quantity * s.LiquidationThreshold : 0);
                        if (counts) bonus = Math.Max(bonus, s.LiquidationBonus);
                    }
                    foreach (var d in l.Debts) { DebtU.Add(U(d.Underlying)); DebtQty.Add(d.Quantity); }
                    LendBonus.Add(bonus);
                    break;
                default:
                    return false;
            }
            PositionCount++;
            return true;
        }
    }
}
