using ExposureWeb.Chain.Rpc;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;

namespace ExposureWeb.DevChain.Simulation;

/// <summary>What a simulator tick treats as "the node failed this call" (it may be restarting; the next tick tries again).</summary>
internal static class NodeFailure
{
    /// <summary>
    /// The transport could not reach the node (<see cref="RpcException"/>), or the node rejected the call: through
    /// Nethereum that is an <see cref="RpcResponseException"/>, or a revert Nethereum decoded from it.
    /// </summary>
    public static bool Is(Exception ex) =>
        ex is RpcException or RpcResponseException or RpcResponseFormatException or SmartContractRevertException or SmartContractCustomErrorRevertException;
}
