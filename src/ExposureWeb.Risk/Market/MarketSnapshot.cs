using ExposureWeb.Risk.Exposure;
using ExposureWeb.Risk.Volatility;

namespace ExposureWeb.Risk.Market;

/// <summary>
/// Everything a valuation reads, pinned to one moment: oracle prices with their provenance, volatilities,
/// the USD rate and carries. Immutable; scenarios derive shifted copies.
/// </summary>
public sealed class MarketSnapshot
{
    private static readonly IVolatilitySource NoVolatility = new VolatilitySourceChain();
    private readonly NameMap<PriceQuote> _prices;
    private readonly NameMap<double> _carry;

    /// <summary>Creates a snapshot.</summary>
    /// <param name="valuationTime">The instant valued (times to expiry count from it).</param>
    /// <param name="prices">Oracle quotes per underlying (matched case-insensitively).</param>
    /// <param name="volatility">Volatility source for options; none when null (options are then unpriced).</param>
    /// <param name="riskFreeRate">USD risk-free rate, continuous per year.</param>
    /// <param name="carry">Carry (staking/dividend/convenience yield) per underlying, continuous per year; 0 when absent.</param>
    /// <param name="blockNumber">Block the chain reads were pinned to, when known.</param>
    /// <param name="useFlaggedPrices">
    /// When true, a quote with an <see cref="PriceQuote.Issue"/> (stale, pinned at a bound) but a positive finite price is
    /// still used and the result is flagged; when false (the default)
    /// positions needing it are listed as unpriced with the issue as the reason.
    /// </param>
    public MarketSnapshot(
        DateTimeOffset valuationTime,
        IReadOnlyDictionary<string, PriceQuote> prices,
        IVolatilitySource? volatility = null,
        double riskFreeRate = 0,
        IReadOnlyDictionary<string, double>? carry = null,
        long? blockNumber = null,
        bool useFlaggedPrices = false)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (!double.IsFinite(riskFreeRate)) throw new ArgumentException($"risk-free rate must be finite (was {riskFreeRate}).", nameof(riskFreeRate));
        ValuationTime = valuationTime;
        _prices = new NameMap<PriceQuote>(prices);
        Volatility = volatility ?? NoVolatility;
        RiskFreeRate = riskFreeRate;
        _carry = new NameMap<double>(carry ?? new Dictionary<string, double>());
        BlockNumber = blockNumber;
        UseFlaggedPrices = useFlaggedPrices;
    }

    private MarketSnapshot(MarketSnapshot other, bool useFlaggedPrices)
    {
        ValuationTime = other.ValuationTime;
        _prices = other._prices;
        Volatility = other.Volatility;
        RiskFreeRate = other.RiskFreeRate;
        _carry = other._carry;
        BlockNumber = other.BlockNumber;
        UseFlaggedPrices = useFlaggedPrices;
    }

    /// <summary>The same market, using flagged quotes that carry a positive price (see the constructor's <c>useFlaggedPrices</c>).</summary>
    public MarketSnapshot WithFlaggedPrices() => UseFlaggedPrices ? this : new MarketSnapshot(this, useFlaggedPrices: true);

    /// <summary>The instant valued.</summary>
    public DateTimeOffset ValuationTime { get; }

    /// <summary>Block the reads were pinned to, when known.</summary>
    public long? BlockNumber { get; }

    /// <summary>USD risk-free rate, continuous per year.</summary>
    public double RiskFreeRate { get; }

    /// <summary>Source of option volatilities.</summary>
    public IVolatilitySource Volatility { get; }

    /// <summary>Whether flagged quotes are used (and flagged) rather than refused.</summary>
    public bool UseFlaggedPrices { get; }

    /// <summary>All quotes, keyed by underlying.</summary>
    public IReadOnlyDictionary<string, PriceQuote> Prices => _prices.AsDictionary;

    /// <summary>The quote for an underlying, if any.</summary>
    public PriceQuote? QuoteOf(string underlying) => _prices.TryGetValue(underlying, out var q) ? q : null;

    /// <summary>Carry of an underlying, continuous per year (0 when not configured).</summary>
    public double CarryOf(string underlying) => _carry.TryGetValue(underlying, out double q) ? q : 0;

    /// <summary>The USD price to value with, or false and the reason it cannot be used.</summary>
    /// <param name="underlying">Asset.</param>
    /// <param name="price">USD per unit when usable.</param>
    /// <param name="problem">Why not, naming the underlying; null when usable.</param>
    public bool TryGetPrice(string underlying, out double price, out string? problem) =>
        TryGetPrice(underlying, out price, out _, out problem);

    /// <summary>The USD price to value with and its quote (for flags), or false and the reason it cannot be used.</summary>
    /// <param name="underlying">Asset.</param>
    /// <param name="price">USD per unit when usable.</param>
    /// <param name="quote">The quote found, usable or not; null when there is none.</param>
    /// <param name="problem">Why not, naming the underlying; null when usable.</param>
    public bool TryGetPrice(string underlying, out double price, out PriceQuote? quote, out string? problem)
    {
        price = double.NaN;
        if (!_prices.TryGetValue(underlying, out quote))
        {
            problem = $"no price for {underlying}.";
            return false;
        }
        if (!(quote.PriceUsd > 0) || !double.IsFinite(quote.PriceUsd))
        {
            problem = $"{underlying} price {quote.PriceUsd} is not a positive number.";
            return false;
        }
        if (quote.Issue is not null && !UseFlaggedPrices)
        {
            problem = $"{underlying} price unusable: {quote.Issue}";
            return false;
        }
        price = quote.PriceUsd;
        problem = null;
        return true;
    }
}
