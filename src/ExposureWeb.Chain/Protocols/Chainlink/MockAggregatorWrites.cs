using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace ExposureWeb.Chain.Protocols.Chainlink;

/// <summary>
/// <c>updateAnswer(int256)</c> of a test aggregator (Chainlink's MockV3Aggregator shape; the dev chain's feeds have it):
/// not part of AggregatorV3Interface, used to set prices on the dev chain and in tests.
/// </summary>
[Function("updateAnswer")]
public sealed class UpdateAnswerFunction : FunctionMessage
{
    [Parameter("int256", "answer", 1)] public BigInteger Answer { get; set; }
}
