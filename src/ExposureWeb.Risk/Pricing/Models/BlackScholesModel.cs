using System.Buffers;
using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Instruments;
using ExposureWeb.Risk.Market;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Pricing.Models;

/// <summary>
/// European options by Black-Scholes-Merton: time from the snapshot to expiry (Actual/365), volatility from the
/// snapshot's source at that term, the USD rate and the underlying's carry.
/// </summary>
/// <remarks>
/// An option past its expiry is valued at its intrinsic value with the current price (the settlement price is not
/// known here) and flagged as expired; it needs no volatility. <see cref="ValueMany"/> prices live options four at a
/// time with <see cref="BlackScholesBatch"/>.
/// </remarks>
public sealed class BlackScholesModel : IBatchPricingModel<EuropeanOption>
{
    /// <inheritdoc />
    public string Name => "Black-Scholes-Merton";

    /// <inheritdoc />
    public PricingResult Value(EuropeanOption instrument, MarketSnapshot market)
    {
        ModelSupport.RequireFinite(instrument.Quantity, "quantity");
        if (!market.TryGetPrice(instrument.Underlying, out double spot, out var quote, out string? problem)) return PricingResult.Unpriced(problem!);

        double years = MarketConventions.YearFraction(market.ValuationTime, instrument.Expiry);
        bool expired = years <= 0;
        years = Math.Max(years, 0);
        var vol = expired ? null : market.Volatility.Find(instrument.Underlying, years);
        if (!expired && vol is null)
        {
            return PricingResult.Unpriced($"no volatility for {instrument.Underlying}: configure one or supply a price history.");
        }

        double carry = market.CarryOf(instrument.Underlying);
        var parameters = new OptionParameters(spot, instrument.Strike, years, market.RiskFreeRate, carry, vol?.Volatility ?? 0, instrument.Right);
        var perOption = BlackScholes.Evaluate(parameters);
        var flags = ModelSupport.FlagsFor(instrument.Underlying, quote);
        if (expired)
        {
            flags = [.. flags, $"expired {instrument.Expiry:u}: valued at intrinsic with the current {instrument.Underlying} price"];
        }
        return PricingResult.Priced(new Valuation(
            perOption.Price * instrument.Quantity,
            [new Sensitivity(instrument.Underlying, perOption.Greeks * instrument.Quantity)],
            Name,
            new OptionDetail(years, spot, market.RiskFreeRate, carry, vol, perOption),
            flags));
    }

    /// <inheritdoc />
    public void ValueMany(ReadOnlySpan<EuropeanOption> instruments, MarketSnapshot market, Span<PricingResult> results, Span<bool> handled)
    {
        int n = instruments.Length;
        if (results.Length < n || handled.Length < n) throw new ArgumentException("results and handled must be as long as instruments.");
        const int stackRows = 32;
        double[]? rented = null;
        Span<double> buffer = n <= stackRows ? stackalloc double[13 * stackRows] : (rented = ArrayPool<double>.Shared.Rent(13 * n));
        bool[]? rentedCalls = null;
        Span<bool> calls = n <= stackRows ? stackalloc bool[stackRows] : (rentedCalls = ArrayPool<bool>.Shared.Rent(n));
        var rows = ArrayPool<int>.Shared.Rent(n);
        var vols = ArrayPool<VolatilityQuote>.Shared.Rent(n);
        var quotes = ArrayPool<PriceQuote?>.Shared.Rent(n);
        try
        {
            Span<double> spot = buffer.Slice(0, n), strike = buffer.Slice(n, n), years = buffer.Slice(2 * n, n), rate = buffer.Slice(3 * n, n),
                carry = buffer.Slice(4 * n, n), vol = buffer.Slice(5 * n, n), price = buffer.Slice(6 * n, n), delta = buffer.Slice(7 * n, n),
                gamma = buffer.Slice(8 * n, n), vega = buffer.Slice(9 * n, n), theta = buffer.Slice(10 * n, n), rho = buffer.Slice(11 * n, n);

            // Gather the ordinary cases; anything unusual is left to Value, which words the reasons. Options of a
            // portfolio share a few underlyings, so their price, quote and carry are looked up once each.
            var seen = new UnderlyingCache();
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                handled[i] = false;
                var o = instruments[i];
                if (!double.IsFinite(o.Quantity) || !(o.Strike > 0) || double.IsInfinity(o.Strike)) continue;
                var u = seen.Get(o.Underlying, market);
                if (!u.Usable) continue;
                double s = u.Spot, q = u.Carry;
                var quote = u.Quote;
                double t = MarketConventions.YearFraction(market.ValuationTime, o.Expiry);
                if (!(t > 0)) continue;
                var v = market.Volatility.Find(o.Underlying, t);
                if (v is null || !(v.Volatility >= 0) || double.IsInfinity(v.Volatility) || !double.IsFinite(q)) continue;
                rows[m] = i; vols[m] = v; quotes[m] = quote;
                spot[m] = s; strike[m] = o.Strike; years[m] = t; rate[m] = market.RiskFreeRate; carry[m] = q; vol[m] = v.Volatility;
                calls[m] = o.Right == OptionRight.Call;
                m++;
            }

            BlackScholesBatch.Evaluate(spot[..m], strike[..m], years[..m], rate[..m], carry[..m], vol[..m], calls[..m],
                price[..m], delta[..m], gamma[..m], vega[..m], theta[..m], rho[..m]);

            for (int j = 0; j < m; j++)
            {
                var o = instruments[rows[j]];
                var perOption = new OptionValuation(price[j], new Greeks(delta[j], gamma[j], vega[j], theta[j], rho[j]));
                results[rows[j]] = PricingResult.Priced(new Valuation(
                    perOption.Price * o.Quantity,
                    [new Sensitivity(o.Underlying, perOption.Greeks * o.Quantity)],
                    Name,
                    new OptionDetail(years[j], spot[j], rate[j], carry[j], vols[j], perOption),
                    ModelSupport.FlagsFor(o.Underlying, quotes[j])));
                handled[rows[j]] = true;
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
            if (rentedCalls is not null) ArrayPool<bool>.Shared.Return(rentedCalls);
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<VolatilityQuote>.Shared.Return(vols, clearArray: true);
            ArrayPool<PriceQuote?>.Shared.Return(quotes, clearArray: true);
        }
    }

    /// <summary>Market data of one underlying, looked up once per batch.</summary>
    private readonly record struct UnderlyingData(string Underlying, bool Usable, double Spot, PriceQuote? Quote, double Carry);

    /// <summary>A few underlyings remembered per batch; beyond eight, lookups are simply not cached.</summary>
    private sealed class UnderlyingCache
    {
        private readonly UnderlyingData[] _entries = new UnderlyingData[8];
        private int _count;

        public UnderlyingData Get(string underlying, MarketSnapshot market)
        {
            for (int i = 0; i < _count; i++)
            {
                if (string.Equals(_entries[i].Underlying, underlying, StringComparison.OrdinalIgnoreCase)) return _entries[i];
            }
            bool usable = market.TryGetPrice(underlying, out double spot, out var quote, out _);
            var data = new UnderlyingData(underlying, usable, spot, quote, market.CarryOf(underlying));
            if (_count < _entries.Length) _entries[_count++] = data;
            return data;
        }
    }
}
