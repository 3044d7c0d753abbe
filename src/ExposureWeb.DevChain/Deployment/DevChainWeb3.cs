using ExposureWeb.Chain.Rpc;
using Nethereum.RPC.TransactionReceipts;
using Nethereum.Web3;

namespace ExposureWeb.DevChain.Deployment;

/// <summary>
/// Nethereum's Web3 for sending the dev chain's transactions, over the project's transport.
/// </summary>
/// <remarks>
/// Transactions go out as <c>eth_sendTransaction</c> from anvil's unlocked dev accounts (Nethereum's node-account
/// transaction manager) rather than signed here with the well-known dev keys: anvil assigns nonces, so the deployer, the
/// simulator and tests can send from the same account concurrently without a client-side nonce tracker getting out of
/// step, and no round trips for nonce and chain id per transaction are added to a deployment of some hundred
/// transactions. (Nethereum's ManagedAccount would use <c>personal_sendTransaction</c>, which anvil does not serve.)
/// </remarks>
public static class DevChainWeb3
{
    /// <summary>anvil mines each transaction as it arrives; poll its receipt at once and then often.</summary>
    private const int ReceiptPollMilliseconds = 5;

    /// <summary>A Web3 over <paramref name="transport"/> (not owned) that polls receipts every few milliseconds.</summary>
    public static IWeb3 Create(IRpcTransport transport)
    {
        var web3 = new Web3(new TransportRpcClient(transport));
        web3.TransactionManager.TransactionReceiptService = new TransactionReceiptPollingService(web3.TransactionManager, ReceiptPollMilliseconds);
        return web3;
    }
}
