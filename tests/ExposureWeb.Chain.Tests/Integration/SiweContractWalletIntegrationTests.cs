using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Chain.Tests.Unit.Crypto;
using ExposureWeb.DevChain.Deployment;
using Nethereum.Signer;

namespace ExposureWeb.Chain.Tests.Integration;

/// <summary>
/// Sign-In with Ethereum for a contract wallet on a real node: a one-owner EIP-1271 wallet (DemoContractWallet) is
/// deployed on anvil; its owner's key signs for the wallet's address and the verifier asks the contract.
/// </summary>
public sealed class SiweContractWalletIntegrationTests(AnvilFixture node) : IClassFixture<AnvilFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<Address> DeployWalletAsync(Address owner)
    {
        var code = ContractArtifact.Load("DemoContractWallet").CreationCode("address", owner);
        var tx = await node.Eth.SendTransactionAsync(AnvilFixture.DevAccount(0), null, code);
        var receipt = await node.Eth.WaitForReceiptAsync(tx);
        Assert.True(receipt.Succeeded);
        return receipt.ContractAddress!.Value;
    }

    private static string MessageFor(Address wallet) => new SiweMessage
    {
        Domain = "localhost:5000",
        Address = wallet,
        Uri = "http://localhost:5000",
        ChainId = AnvilFixture.ChainId,
        Nonce = "contractWallet1",
        IssuedAt = Now.AddMinutes(-1),
        ExpirationTime = Now.AddMinutes(9),
    }.Build();

    private static SiweExpectations Expect => new("localhost:5000", "http://localhost:5000", AnvilFixture.ChainId, Now, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task VerifyAsync_OwnerSignsForContractWallet_AcceptedViaEip1271()
    {
        var owner = AnvilKeys.AddressOf(AnvilKeys.Account1);
        var wallet = await DeployWalletAsync(owner);
        var message = MessageFor(wallet);
        var signature = AnvilKeys.SignPersonal(message, AnvilKeys.Account1);

        var result = await SiweVerifier.VerifyAsync(message, signature, Expect, node.Eth);

        Assert.True(result.IsValid, result.Reason);
        Assert.True(result.ViaContract);
        Assert.Equal(wallet, result.Address);
    }

    [Fact]
    public async Task VerifyAsync_StrangerSignsForAccountWithoutCode_NodeAskedForCodeOnly()
    {
        var account = AnvilKeys.AddressOf(AnvilKeys.Account1);
        var message = MessageFor(account);
        var stranger = new EthECKey("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"); // anvil dev key #2
        var counting = new CountingTransport(node.Eth.Transport);

        var result = await SiweVerifier.VerifyAsync(message, AnvilKeys.SignPersonal(message, stranger), Expect, new EthClient(counting));

        Assert.Equal(SiweFailure.SignerMismatch, result.Failure);
        Assert.Contains("no contract code", result.Reason, StringComparison.Ordinal);
        // eth_getCode, and no EIP-1271 eth_call with the stranger's data.
        Assert.Equal(1, counting.Requests);
    }

    [Fact]
    public async Task VerifyAsync_StrangerSignsForContractWallet_RefusedAsSignerMismatch()
    {
        var wallet = await DeployWalletAsync(AnvilKeys.AddressOf(AnvilKeys.Account1));
        var message = MessageFor(wallet);
        var stranger = new EthECKey("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"); // anvil dev key #2
        var signature = AnvilKeys.SignPersonal(message, stranger);

        var result = await SiweVerifier.VerifyAsync(message, signature, Expect, node.Eth);

        Assert.Equal(SiweFailure.SignerMismatch, result.Failure);
        Assert.Contains("EIP-1271", result.Reason, StringComparison.Ordinal);
    }
}
