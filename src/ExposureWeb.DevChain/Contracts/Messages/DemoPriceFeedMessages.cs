using System.Numerics;
using ExposureWeb.DevChain.Deployment;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.DevChain.Contracts.Messages;

/// <summary>
/// Creation of DemoPriceFeed: <c>constructor(uint8 decimals_, string description_, int256 minAnswer_, int256 maxAnswer_,
/// int256 initialAnswer)</c>.
/// </summary>
public sealed class DemoPriceFeedDeployment() : ContractDeploymentMessage(ContractArtifact.Load("DemoPriceFeed").BytecodeHex)
{
    [Parameter("uint8", "decimals_", 1)]
    public byte Decimals { get; set; }

    [Parameter("string", "description_", 2)]
    public string Description { get; set; } = "";

    [Parameter("int256", "minAnswer_", 3)]
    public BigInteger MinAnswer { get; set; }

    [Parameter("int256", "maxAnswer_", 4)]
    public BigInteger MaxAnswer { get; set; }

    [Parameter("int256", "initialAnswer", 5)]
    public BigInteger InitialAnswer { get; set; }
}

/// <summary>
/// DemoPriceFeed <c>updateAnswerIfLatest(uint80 basedOnRound, int256 answer)</c>: a new round only while
/// <c>basedOnRound</c> is still the latest, so the simulator never overwrites a price someone else pushed meanwhile.
/// </summary>
[Function("updateAnswerIfLatest")]
public sealed class UpdateAnswerIfLatestFunction : FunctionMessage
{
    [Parameter("uint80", "basedOnRound", 1)]
    public BigInteger BasedOnRound { get; set; }

    [Parameter("int256", "answer", 2)]
    public BigInteger Answer { get; set; }
}
