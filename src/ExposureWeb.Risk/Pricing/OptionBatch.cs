namespace ExposureWeb.Risk.Pricing;

/// <summary>Inputs of <see cref="BlackScholesBatch"/> as a struct of arrays (units as in <see cref="OptionParameters"/>).</summary>
public sealed class OptionBatch
{
    /// <summary>Allocates room for <paramref name="count"/> options.</summary>
    public OptionBatch(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Spot = new double[count]; Strike = new double[count]; Years = new double[count];
        Rate = new double[count]; Carry = new double[count]; Volatility = new double[count]; IsCall = new bool[count];
    }

    /// <summary>Number of options.</summary>
    public int Count { get; }

    /// <summary>Underlying price, USD per unit.</summary>
    public double[] Spot { get; }

    /// <summary>Strike, USD per unit.</summary>
    public double[] Strike { get; }

    /// <summary>Time to expiry, years.</summary>
    public double[] Years { get; }

    /// <summary>Risk-free rate, continuous per year.</summary>
    public double[] Rate { get; }

    /// <summary>Carry (dividend/convenience yield), continuous per year.</summary>
    public double[] Carry { get; }

    /// <summary>Volatility per √year.</summary>
    public double[] Volatility { get; }

    /// <summary>True for calls.</summary>
    public bool[] IsCall { get; }

    /// <summary>Writes one option into row <paramref name="index"/>.</summary>
    public void Set(int index, in OptionParameters option)
    {
        Spot[index] = option.Spot; Strike[index] = option.Strike; Years[index] = option.Years;
        Rate[index] = option.Rate; Carry[index] = option.Carry; Volatility[index] = option.Volatility;
        IsCall[index] = option.Right == OptionRight.Call;
    }

    /// <summary>Row <paramref name="index"/> as one option.</summary>
    public OptionParameters this[int index] => new(Spot[index], Strike[index], Years[index], Rate[index], Carry[index],
        Volatility[index], IsCall[index] ? OptionRight.Call : OptionRight.Put);
}

/// <summary>Outputs of <see cref="BlackScholesBatch"/> as a struct of arrays (raw units, see <see cref="Greeks"/>).</summary>
public sealed class GreeksBatch
{
    /// <summary>Allocates room for <paramref name="count"/> results.</summary>
    public GreeksBatch(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Price = new double[count]; Delta = new double[count]; Gamma = new double[count];
        Vega = new double[count]; Theta = new double[count]; Rho = new double[count];
    }

    /// <summary>Number of results.</summary>
    public int Count { get; }

    /// <summary>Price, USD.</summary>
    public double[] Price { get; }

    /// <summary>∂V/∂S.</summary>
    public double[] Delta { get; }

    /// <summary>∂²V/∂S², per USD.</summary>
    public double[] Gamma { get; }

    /// <summary>∂V/∂σ, USD per 1.00 vol.</summary>
    public double[] Vega { get; }

    /// <summary>∂V/∂t, USD per year.</summary>
    public double[] Theta { get; }

    /// <summary>∂V/∂r, USD per 1.00 rate.</summary>
    public double[] Rho { get; }

    /// <summary>Row <paramref name="index"/> as one valuation.</summary>
    public OptionValuation this[int index] =>
        new(Price[index], new Greeks(Delta[index], Gamma[index], Vega[index], Theta[index], Rho[index]));
}
