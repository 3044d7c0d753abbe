namespace ExposureWeb.Risk.Instruments;

/// <summary>What a manual position is; decides which of its fields are required.</summary>
public enum ManualPositionKind
{
    /// <summary>Units of an asset held off-chain (e.g. an exchange balance): a linear exposure.</summary>
    Spot,

    /// <summary>A perpetual future held off-chain (e.g. a short ETH perp on a centralised exchange).</summary>
    Perp,

    /// <summary>A European option held off-chain, cash-settled in USD.</summary>
    Option,
}
