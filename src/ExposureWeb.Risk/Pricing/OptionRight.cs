namespace ExposureWeb.Risk.Pricing;

/// <summary>Call (right to buy) or put (right to sell).</summary>
public enum OptionRight
{
    /// <summary>Pays max(S − K, 0) at expiry.</summary>
    Call,

    /// <summary>Pays max(K − S, 0) at expiry.</summary>
    Put,
}
