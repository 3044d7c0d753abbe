using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace ExposureWeb.Chain.Protocols.Aave;

/// <summary>
/// PoolConfigurator <c>CollateralConfigurationChanged(address indexed asset, uint256 ltv, uint256 liquidationThreshold,
/// uint256 liquidationBonus)</c>: LTV, threshold and bonus in bps (bonus includes the 100%, e.g. 10500).
/// </summary>
[Event("CollateralConfigurationChanged")]
public sealed class CollateralConfigurationChangedEventDto : IEventDTO
{
    [Parameter("address", "asset", 1, true)] public string Asset { get; set; } = "";
    [Parameter("uint256", "ltv", 2, false)] public BigInteger Ltv { get; set; }
    [Parameter("uint256", "liquidationThreshold", 3, false)] public BigInteger LiquidationThreshold { get; set; }
    [Parameter("uint256", "liquidationBonus", 4, false)] public BigInteger LiquidationBonus { get; set; }
}
