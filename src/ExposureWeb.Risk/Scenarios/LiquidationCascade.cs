using System.Globalization;
using ExposureWeb.Risk.Protocols;

namespace ExposureWeb.Risk.Scenarios;

/// <summary>
/// A liquidation cascade: the driver's price is shocked (and the pool traded to the same move), the portfolio's lending
/// accounts that fall below health factor 1 are liquidated by Aave v3's rules, the seized driver collateral is sold into
/// the pool, the pool's new price becomes the oracle price of the next round, and so on until a round moves the price
/// by less than the tolerance with no account left to liquidate, or the round cap.
/// </summary>
/// <remarks>
/// <para><b>Aave v3 (LiquidationLogic).</b> One liquidation call per liquidatable account per round (a round is a block
/// of liquidations): the liquidator repays the close factor of the account's largest debt — 50%, or 100% below health
/// factor 0.95 — and seizes debt covered × debt price ÷ collateral price × (1 + bonus) of its largest collateral that
/// counts (enabled, threshold ≠ 0), the bonus being that reserve's; when the collateral is short, all of it is seized and
/// the debt covered shrinks to match. An account with debt and nothing left to seize cannot be liquidated; what its debt
/// exceeds its collateral by is the shortfall.</para>
/// <para><b>Prices.</b> The oracle follows the pool: driver price of round k = shocked price × pool price of round k ÷
/// the pool price right after the shock. Other underlyings hold their prices. All seized driver collateral is sold,
/// the protocol's share of the bonus included.</para>
/// </remarks>
public static class LiquidationCascade
{
    /// <summary>Aave's close factor above <see cref="ScenarioBook.FullCloseHealthFactor"/>.</summary>
    public const double CloseFactor = ScenarioBook.DefaultCloseFactor;

    /// <summary>Runs the cascade.</summary>
    /// <param name="accounts">The portfolio's lending accounts (no one else's).</param>
    /// <param name="prices">Oracle prices before the shock, USD per unit, for the driver and every underlying of the accounts.</param>
    /// <param name="pool">The pool the seized driver collateral is sold into.</param>
    /// <param name="settings">Driver, move, caps.</param>
    /// <param name="restValueUsd">The value of the portfolio's other positions at a driver price (USD); none: 0.</param>
    /// <param name="onRound">Told of each round as it ends.</param>
    /// <param name="ct">Checked every round.</param>
    /// <exception cref="ArgumentException">A missing price, a move at or below −100%, no round allowed, a negative extra amount.</exception>
    public static CascadeResult Run(IReadOnlyList<CascadeAccount> accounts, IReadOnlyDictionary<string, double> prices, CascadePool pool, CascadeSettings settings,
        Func<double, double>? restValueUsd = null, Action<CascadeRound>? onRound = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.DriverMove > -1) || double.IsInfinity(settings.DriverMove)) throw new ArgumentException($"the driver's move must be above −100% (was {settings.DriverMove}).", nameof(settings));
        if (settings.MaxRounds < 1) throw new ArgumentException($"at least one round is needed (was {settings.MaxRounds}).", nameof(settings));
        if (!(settings.ExtraSoldPerRound >= 0) || double.IsInfinity(settings.ExtraSoldPerRound)) throw new ArgumentException($"the extra amount sold must be 0 or more (was {settings.ExtraSoldPerRound}).", nameof(settings));
        if (!(settings.Tolerance > 0)) throw new ArgumentException($"the tolerance must be positive (was {settings.Tolerance}).", nameof(settings));
        var price = new Dictionary<string, double>(prices, StringComparer.OrdinalIgnoreCase);
        string driver = settings.Driver;
        if (!price.TryGetValue(driver, out double basePrice) || !(basePrice > 0)) throw new ArgumentException($"no price for the driver {driver}.", nameof(prices));
        var book = accounts.Select(a => new AccountState(a, price)).ToList();
        double Value() => (restValueUsd?.Invoke(price[driver]) ?? 0) + book.Sum(a => a.NetValue(price));
        double? MinHealth()
        {
            double min = book.Count == 0 ? double.PositiveInfinity : book.Min(a => a.HealthFactor(price));
            return double.IsPositiveInfinity(min) ? null : min;
        }
        double baseValue = Value();

        // Round 0: the shock, with the pool traded to the same move by arbitrage.
        var state = pool.Liquidity;
        double pool0 = pool.QuotePerDriver(state);
        bool leftRange = false;
        double arbitraged = 0;
        if (settings.DriverMove != 0)
        {
            bool sell = settings.DriverMove < 0;
            double factor = Math.Sqrt(1 + settings.DriverMove);
            double target = pool.DriverIsToken0 ? state.SqrtPrice * factor : state.SqrtPrice / factor;
            var trade = UniswapV3Swap.ExactInput(state, zeroForOne: pool.DriverIsToken0 == sell, double.PositiveInfinity, target);
            state = trade.After;
            leftRange |= trade.LeftReadRange;
            arbitraged = (sell ? trade.AmountIn : -trade.AmountOut) / Math.Pow(10, pool.DriverDecimals);
        }
        double shockedPool = pool.QuotePerDriver(state);
        double shocked = basePrice * (1 + settings.DriverMove);
        price[driver] = shocked;
        var rounds = new List<CascadeRound> { new(0, shocked, shockedPool, arbitraged, 0, 0, 0, 0, [], MinHealth(), Value()) };
        onRound?.Invoke(rounds[0]);

        double unsold = 0;
        var stop = CascadeStop.CapReached;
        for (int k = 1; k <= settings.MaxRounds; k++)
        {
            ct.ThrowIfCancellationRequested();
            var liquidated = new List<string>();
            double seizedDriver = 0, seizedUsd = 0, repaidUsd = 0;
            foreach (var account in book)
            {
                if (account.Liquidate(price) is not { } call) continue;
                liquidated.Add(account.Id);
                seizedUsd += call.SeizedUsd;
                repaidUsd += call.RepaidUsd;
                if (string.Equals(call.Collateral, driver, StringComparison.OrdinalIgnoreCase)) seizedDriver += call.Seized;
            }
            double extra = k == 1 || liquidated.Count > 0 ? settings.ExtraSoldPerRound : 0;
            double sold = seizedDriver + extra;
            double before = price[driver];
            if (sold > 0)
            {
                double raw = sold * Math.Pow(10, pool.DriverDecimals);
                var trade = UniswapV3Swap.ExactInput(state, zeroForOne: pool.DriverIsToken0, raw);
                state = trade.After;
                leftRange |= trade.LeftReadRange;
                if (trade.Stopped) unsold += (raw - trade.AmountIn) / Math.Pow(10, pool.DriverDecimals);
                price[driver] = shocked * pool.QuotePerDriver(state) / shockedPool;
            }
            var round = new CascadeRound(k, price[driver], pool.QuotePerDriver(state), sold, extra, seizedDriver, seizedUsd, repaidUsd, liquidated, MinHealth(), Value());
            rounds.Add(round);
            onRound?.Invoke(round);
            if (Math.Abs(price[driver] / before - 1) < settings.Tolerance && !book.Any(a => a.CanBeLiquidated(price)))
            {
                stop = CascadeStop.Converged;
                break;
            }
        }

        double shortfall = book.Sum(a => a.Shortfall(price));
        var notes = new List<string>
        {
            "Oracle prices are taken to follow the pool: on chain they follow DEX prices with a lag (heartbeats, deviation thresholds), so the path is the fast-oracle case.",
            "Only this portfolio's own lending accounts are liquidated; other borrowers appear only as the extra amount sold per round" +
                (settings.ExtraSoldPerRound > 0
                    ? string.Create(CultureInfo.InvariantCulture, $" ({settings.ExtraSoldPerRound:G6} {driver} in the shock's round and in each round with a liquidation).")
                    : " (none given)."),
            "Aave v3 liquidations: one call per account per round on its largest debt and largest collateral, close factor 50% (100% below health factor 0.95), the collateral reserve's bonus.",
            $"Only the pool's liquidity absorbs the sales; {driver} collateral seized is sold in full (the protocol's share of the bonus included), other collateral seized is not sold here.",
        };
        notes.Add(stop == CascadeStop.Converged
            ? string.Create(CultureInfo.InvariantCulture, $"Converged after {rounds.Count - 1} round(s): the last moved the price by less than {settings.Tolerance:G2} and no account is left to liquidate.")
            : string.Create(CultureInfo.InvariantCulture, $"The cap of {settings.MaxRounds} rounds was reached before the price settled: the path is cut there."));
        if (leftRange) notes.Add("The pool's price went past the ticks that were read: beyond them its last active liquidity was carried on (read more tick-bitmap words for an exact walk).");
        if (unsold > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"The pool could not take {unsold:G6} {driver}: its liquidity ran out."));
        if (shortfall > 0) notes.Add(string.Create(CultureInfo.InvariantCulture, $"Accounts with nothing left to seize owe {shortfall:N0} USD more than their collateral (bad debt)."));
        return new CascadeResult(rounds, stop, baseValue, leftRange, unsold, shortfall, notes);
    }

    /// <summary>What one liquidation call did: the collateral's underlying and units seized, its value and the debt repaid, USD.</summary>
    private readonly record struct Call(string Collateral, double Seized, double SeizedUsd, double RepaidUsd);

    /// <summary>One account's balances as the cascade changes them.</summary>
    private sealed class AccountState
    {
        private readonly string[] _supplyUnderlying, _debtUnderlying;
        private readonly double[] _supplied, _threshold, _bonus, _borrowed;
        private readonly bool[] _counts;

        public AccountState(CascadeAccount account, IReadOnlyDictionary<string, double> prices)
        {
            Id = account.Id;
            var supplies = account.Account.Supplies;
            var debts = account.Account.Debts;
            foreach (var u in supplies.Select(s => s.Underlying).Concat(debts.Select(d => d.Underlying)))
            {
                if (!prices.TryGetValue(u, out double p) || !(p > 0)) throw new ArgumentException($"no price for {u} (account {account.Id}).", nameof(prices));
            }
            _supplyUnderlying = [.. supplies.Select(s => s.Underlying)];
            _supplied = [.. supplies.Select(s => s.Quantity)];
            _threshold = [.. supplies.Select(s => s.LiquidationThreshold)];
            _bonus = [.. supplies.Select(s => s.LiquidationBonus)];
            _counts = [.. supplies.Select(s => s.UsedAsCollateral && s.LiquidationThreshold > 0)];
            _debtUnderlying = [.. debts.Select(d => d.Underlying)];
            _borrowed = [.. debts.Select(d => d.Quantity)];
        }

        public string Id { get; }

        public double HealthFactor(IReadOnlyDictionary<string, double> prices)
        {
            double weighted = 0;
            for (int i = 0; i < _supplied.Length; i++) if (_counts[i]) weighted += _supplied[i] * _threshold[i] * prices[_supplyUnderlying[i]];
            return LendingMath.HealthFactor(weighted, Debt(prices));
        }

        public double NetValue(IReadOnlyDictionary<string, double> prices) => Math.Max(Collateral(prices) - Debt(prices), 0);

        public double Shortfall(IReadOnlyDictionary<string, double> prices) =>
            Debt(prices) > 0 && LargestCollateral(prices) < 0 ? Math.Max(Debt(prices) - Collateral(prices), 0) : 0;

        public bool CanBeLiquidated(IReadOnlyDictionary<string, double> prices) =>
            HealthFactor(prices) < LendingMath.LiquidationThreshold && LargestCollateral(prices) >= 0 && LargestDebt(prices) >= 0;

        /// <summary>One liquidation call at <paramref name="prices"/>, or null when the account cannot be liquidated.</summary>
        public Call? Liquidate(IReadOnlyDictionary<string, double> prices)
        {
            double hf = HealthFactor(prices);
            if (!(hf < LendingMath.LiquidationThreshold)) return null;
            int c = LargestCollateral(prices), d = LargestDebt(prices);
            if (c < 0 || d < 0) return null;
            double pc = prices[_supplyUnderlying[c]], pd = prices[_debtUnderlying[d]];
            double closeFactor = hf < ScenarioBook.FullCloseHealthFactor ? 1 : CloseFactor;
            double cover = closeFactor * _borrowed[d];
            double seize = cover * pd / pc * (1 + _bonus[c]);
            if (seize > _supplied[c])
            {
                seize = _supplied[c];
                cover = seize * pc / (pd * (1 + _bonus[c]));
            }
            _supplied[c] -= seize;
            _borrowed[d] = Math.Max(_borrowed[d] - cover, 0);
            return new Call(_supplyUnderlying[c], seize, seize * pc, cover * pd);
        }

        private double Collateral(IReadOnlyDictionary<string, double> prices)
        {
            double sum = 0;
            for (int i = 0; i < _supplied.Length; i++) sum += _supplied[i] * prices[_supplyUnderlying[i]];
            return sum;
        }

        private double Debt(IReadOnlyDictionary<string, double> prices)
        {
            double sum = 0;
            for (int j = 0; j < _borrowed.Length; j++) sum += _borrowed[j] * prices[_debtUnderlying[j]];
            return sum;
        }

        private int LargestCollateral(IReadOnlyDictionary<string, double> prices)
        {
            int best = -1;
            for (int i = 0; i < _supplied.Length; i++)
            {
                if (_counts[i] && _supplied[i] > 0 && (best < 0 || _supplied[i] * prices[_supplyUnderlying[i]] > _supplied[best] * prices[_supplyUnderlying[best]])) best = i;
            }
            return best;
        }

        private int LargestDebt(IReadOnlyDictionary<string, double> prices)
        {
            int best = -1;
            for (int j = 0; j < _borrowed.Length; j++)
            {
                if (_borrowed[j] > 0 && (best < 0 || _borrowed[j] * prices[_debtUnderlying[j]] > _borrowed[best] * prices[_debtUnderlying[best]])) best = j;
            }
            return best;
        }
    }
}
