namespace ExposureWeb.Risk;

/// <summary>
/// First- and second-order sensitivities of a value V (in USD) to the underlying price S (USD per unit),
/// volatility σ, calendar time t and the risk-free rate r — in raw units, the way the maths produces them.
/// Use the named conversions for display units; never scale a field by a literal.
/// </summary>
/// <remarks>
/// For a single option the fields are per one option on one unit of the underlying; for a position they are
/// multiplied by the signed quantity; for an aggregate they are sums (meaningful per underlying only).
/// </remarks>
/// <param name="Delta">∂V/∂S, in units of the underlying (for one option, dimensionless in [−1, 1]).</param>
/// <param name="Gamma">∂²V/∂S², in units of the underlying per USD of price move.</param>
/// <param name="Vega">∂V/∂σ, USD per 1.00 (= 100 vol points) of volatility.</param>
/// <param name="Theta">∂V/∂t with t calendar time (time to expiry shrinking), USD per year; usually negative for a long option.</param>
/// <param name="Rho">∂V/∂r, USD per 1.00 (= 10,000 bp) of the continuously compounded rate.</param>
public readonly record struct Greeks(double Delta, double Gamma, double Vega, double Theta, double Rho)
{
    /// <summary>All sensitivities zero.</summary>
    public static Greeks Zero => default;

    /// <summary>A linear exposure: delta only (spot, debt, perps).</summary>
    /// <param name="delta">∂V/∂S in units of the underlying.</param>
    public static Greeks Linear(double delta) => new(delta, 0, 0, 0, 0);

    /// <summary>USD delta: Δ·S, the USD amount that moves one-for-one with the underlying.</summary>
    /// <param name="spot">Underlying price, USD per unit.</param>
    public double UsdDelta(double spot) => Delta * spot;

    /// <summary>
    /// Dollar gamma per 1% move: Γ·S²·0.01 = the change of the USD delta (Δ·S) when the underlying rises 1%.
    /// (This is the common desk definition, Γ·S²/100; it is not the 1% gamma P&amp;L ½·Γ·(0.01·S)².)
    /// </summary>
    /// <param name="spot">Underlying price, USD per unit.</param>
    public double DollarGammaPerPercent(double spot) => Gamma * spot * spot * MarketConventions.OnePercent;

    /// <summary>Vega per vol point: USD for a 0.01 (one point) rise in volatility, = Vega × 0.01.</summary>
    public double VegaPerVolPoint => Vega * MarketConventions.VolatilityPoint;

    /// <summary>Theta per calendar day: USD lost (if negative) per day passing, = Theta / 365.</summary>
    public double ThetaPerDay => Theta / MarketConventions.DaysPerYear;

    /// <summary>Rho per basis point: USD for a 0.0001 rise of the rate, = Rho × 0.0001.</summary>
    public double RhoPerBasisPoint => Rho * MarketConventions.BasisPoint;

    /// <summary>Sensitivities of a position holding <paramref name="quantity"/> of the instrument (negative = short).</summary>
    public static Greeks operator *(Greeks g, double quantity) =>
        new(g.Delta * quantity, g.Gamma * quantity, g.Vega * quantity, g.Theta * quantity, g.Rho * quantity);

    /// <inheritdoc cref="op_Multiply(Greeks, double)"/>
    public static Greeks operator *(double quantity, Greeks g) => g * quantity;

    /// <summary>Sum of sensitivities to the same underlying.</summary>
    public static Greeks operator +(Greeks a, Greeks b) =>
        new(a.Delta + b.Delta, a.Gamma + b.Gamma, a.Vega + b.Vega, a.Theta + b.Theta, a.Rho + b.Rho);
}
