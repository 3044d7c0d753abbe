using ExposureWeb.Risk.ManualPositions;

namespace ExposureWeb.Risk.Strategies;

/// <summary>Field keys of strategy errors (the form's inputs and the REST body's JSON paths).</summary>
#pragma warning disable CS1591 // the constants are the JSON paths they spell
public static class StrategyField
{
    public const string Name = "name", Kind = "kind", Definition = "definition",
        Underlying = "definition.underlying", Low = "definition.low", High = "definition.high", Unit = "definition.unit",
        Venue = "definition.hedge.venue", PairToken = "definition.hedge.pairToken", FeeTier = "definition.hedge.feeTier", Market = "definition.hedge.market",
        Floor = "definition.floor", Target = "definition.target",
        MaxGamma = "definition.maxDollarGammaPerPercent", MaxVega = "definition.maxVegaPerVolPoint",
        Style = "definition.style", GammaBudget = "definition.gammaBudgetPerPercent", MaxOutOfRange = "definition.maxOutOfRange";
}
#pragma warning restore CS1591

/// <summary>What the validator knows of the chain: the underlyings and tokens a definition may name.</summary>
/// <param name="Underlyings">Units of netting with a price feed or token (ETH, BTC …).</param>
/// <param name="Tokens">Token symbols of the chain profile (WETH, USDC …).</param>
/// <param name="GmxMarkets">GMX market names, empty without GMX.</param>
public sealed record StrategyContext(IReadOnlyCollection<string> Underlyings, IReadOnlyCollection<string> Tokens, IReadOnlyCollection<string> GmxMarkets)
{
    /// <summary>No chain known: names are not checked against one.</summary>
    public static readonly StrategyContext Unchecked = new([], [], []);
}

/// <summary>
/// Every rule a strategy must meet, in one place (form, REST API and store ask here). Pure. Messages say what is wrong and
/// what to write instead.
/// </summary>
public static class StrategyValidator
{
    /// <summary>Characters of a name (the column's length).</summary>
    public const int MaxNameLength = 100;

    /// <summary>Largest band limit in units of the underlying (beyond it a number is a typo, not a band).</summary>
    public const double MaxBandUnits = 1e9;

    /// <summary>Largest band limit, gamma or vega cap in USD.</summary>
    public const double MaxUsd = 1e12;

    /// <summary>Highest health factor floor or target worth a strategy.</summary>
    public const double MaxHealthFactor = 100;

    /// <summary>Uniswap v3's enabled fee tiers.</summary>
    public static readonly IReadOnlyList<int> FeeTiers = [100, 500, 3000, 10000];

    /// <summary>Every error of the strategy; empty when it may be saved.</summary>
    public static IReadOnlyList<FieldError> Validate(string? name, StrategyDefinition? definition, StrategyContext? context = null)
    {
        context ??= StrategyContext.Unchecked;
        var errors = new List<FieldError>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) errors.Add(new(StrategyField.Name, "Name is required: say what it keeps in check, e.g. \"ETH delta within ±5 ETH\"."));
        else if (trimmed.Length > MaxNameLength) errors.Add(new(StrategyField.Name, $"Name is {trimmed.Length} characters long; at most {MaxNameLength} are allowed."));
        switch (definition)
        {
            case null:
                errors.Add(new(StrategyField.Definition, "The definition is missing."));
                break;
            case DeltaBandDefinition d:
                DeltaBand(d, context, errors);
                break;
            case HealthFactorFloorDefinition h:
                HealthFloor(h, errors);
                break;
            case GammaCapDefinition g:
                PositiveUsd(g.MaxDollarGammaPerPercent, StrategyField.MaxGamma, "The gamma cap", errors);
                break;
            case VegaCapDefinition v:
                PositiveUsd(v.MaxVegaPerVolPoint, StrategyField.MaxVega, "The vega cap", errors);
                break;
            case VolatilityHarvestDefinition vh:
                Underlying(vh.Underlying, context, errors);
                if (!Enum.IsDefined(vh.Style)) errors.Add(new(StrategyField.Style, "Style is covered calls or cash-secured puts."));
                PositiveUsd(vh.GammaBudgetPerPercent, StrategyField.GammaBudget, "The gamma budget", errors);
                break;
            case LpRangeDefinition lp:
                if (lp.MaxOutOfRange is < 0 or > 1000) errors.Add(new(StrategyField.MaxOutOfRange, "Out-of-range positions allowed: a whole number from 0 to 1000."));
                break;
        }
        return errors;
    }

    private static void DeltaBand(DeltaBandDefinition d, StrategyContext context, List<FieldError> errors)
    {
        Underlying(d.Underlying, context, errors);
        if (!Enum.IsDefined(d.Unit)) errors.Add(new(StrategyField.Unit, "Unit is units (of the underlying) or USD."));
        var max = d.Unit == BandUnit.Usd ? MaxUsd : MaxBandUnits;
        var unit = d.Unit == BandUnit.Usd ? "USD" : "units";
        bool lowOk = Finite(d.Low, StrategyField.Low, "Low", errors) && Bounded(d.Low, max, unit, StrategyField.Low, "Low", errors);
        bool highOk = Finite(d.High, StrategyField.High, "High", errors) && Bounded(d.High, max, unit, StrategyField.High, "High", errors);
        if (lowOk && highOk && d.Low >= d.High)
        {
            errors.Add(new(StrategyField.High, $"High ({Text(d.High)}) must be above low ({Text(d.Low)}): a band runs from low to high, e.g. −5 to 5."));
        }
        if (d.Hedge is null)
        {
            errors.Add(new(StrategyField.Venue, "Choose the hedge instrument: a Uniswap swap or a GMX perp."));
            return;
        }
        switch (d.Hedge.Venue)
        {
            case HedgeVenue.UniswapSwap:
                if (string.IsNullOrWhiteSpace(d.Hedge.PairToken)) errors.Add(new(StrategyField.PairToken, "Name the token to swap against, e.g. USDC."));
                else if (context.Tokens.Count > 0 && !context.Tokens.Contains(d.Hedge.PairToken.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new(StrategyField.PairToken, $"Token \"{d.Hedge.PairToken}\" is not on this chain; one of: {string.Join(", ", context.Tokens)}."));
                }
                if (d.Hedge.FeeTier is not { } fee || !FeeTiers.Contains(fee))
                {
                    errors.Add(new(StrategyField.FeeTier, $"Fee tier is one of Uniswap v3's: {string.Join(", ", FeeTiers)} (500 = 0.05%)."));
                }
                break;
            case HedgeVenue.GmxPerp:
                if (string.IsNullOrWhiteSpace(d.Hedge.Market)) errors.Add(new(StrategyField.Market, "Name the GMX market, e.g. ETH/USD."));
                else if (context.GmxMarkets.Count > 0 && !context.GmxMarkets.Contains(d.Hedge.Market.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add(new(StrategyField.Market, $"Market \"{d.Hedge.Market}\" is not on this chain; one of: {string.Join(", ", context.GmxMarkets)}."));
                }
                break;
            default:
                errors.Add(new(StrategyField.Venue, "The hedge instrument is a Uniswap swap or a GMX perp."));
                break;
        }
    }

    private static void HealthFloor(HealthFactorFloorDefinition h, List<FieldError> errors)
    {
        if (Finite(h.Floor, StrategyField.Floor, "Floor", errors))
        {
            if (h.Floor <= 1) errors.Add(new(StrategyField.Floor, $"Floor {Text(h.Floor)} is at or below 1, where liquidation starts: choose a floor above 1, e.g. 1.5."));
            else if (h.Floor > MaxHealthFactor) errors.Add(new(StrategyField.Floor, $"Floor {Text(h.Floor)} is above {MaxHealthFactor}: that is no floor."));
        }
        if (Finite(h.Target, StrategyField.Target, "Target", errors))
        {
            if (h.Target < h.Floor) errors.Add(new(StrategyField.Target, $"Target {Text(h.Target)} is below the floor {Text(h.Floor)}: a fix aims at or above the floor."));
            else if (h.Target > MaxHealthFactor) errors.Add(new(StrategyField.Target, $"Target {Text(h.Target)} is above {MaxHealthFactor}."));
        }
    }

    private static void Underlying(string? underlying, StrategyContext context, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(underlying)) errors.Add(new(StrategyField.Underlying, "Name the underlying, e.g. ETH."));
        else if (context.Underlyings.Count > 0 && !context.Underlyings.Contains(underlying.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new(StrategyField.Underlying, $"Unknown underlying \"{underlying}\"; this chain has: {string.Join(", ", context.Underlyings)}."));
        }
    }

    private static void PositiveUsd(double value, string field, string what, List<FieldError> errors)
    {
        if (!Finite(value, field, what, errors)) return;
        if (value <= 0) errors.Add(new(field, $"{what} must be above 0 USD."));
        else if (value > MaxUsd) errors.Add(new(field, $"{what} of {Text(value)} USD is absurd; at most {Text(MaxUsd)}."));
    }

    private static bool Finite(double value, string field, string what, List<FieldError> errors)
    {
        if (double.IsFinite(value)) return true;
        errors.Add(new(field, $"{what} must be a number."));
        return false;
    }

    private static bool Bounded(double value, double max, string unit, string field, string what, List<FieldError> errors)
    {
        if (Math.Abs(value) <= max) return true;
        errors.Add(new(field, $"{what} of {Text(value)} {unit} is absurd; within ±{Text(max)} {unit}."));
        return false;
    }

    private static string Text(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
