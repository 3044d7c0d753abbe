using System.Text.Json;
using ExposureWeb.Chain.Protocols.Eip1271;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Chain.Tests.Unit.Crypto;
using Nethereum.Contracts;
using Nethereum.Util;

namespace ExposureWeb.Chain.Tests.Unit.Siwe;

public class SiweVerifierContractWalletTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);
    private static readonly SiweExpectations Expect = new("localhost:5000", "http://localhost:5000", 1, Issued, TimeSpan.Zero);
    private static readonly Address Wallet = Address.Parse("0x1111111111111111111111111111111111111111");

    /// <summary>
    /// Answers eth_getCode with <paramref name="code"/> (a contract's, by default) and eth_call with a fixed result (or
    /// error); records every method asked and each eth_call.
    /// </summary>
    private sealed class FakeTransport(Func<JsonElement, JsonElement> answer, string code = "0x6080604052") : IRpcTransport
    {
        private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { Converters = { new AddressJsonConverter() } };

        public List<JsonElement> Calls { get; } = [];

        public List<string> Methods { get; } = [];

        public string DisplayName => "fake";

        public Task<JsonElement> SendAsync(string method, IReadOnlyList<object?> parameters, CancellationToken ct = default)
        {
            Methods.Add(method);
            if (method == "eth_getCode") return Task.FromResult(Json(code));
            Assert.Equal("eth_call", method);
            JsonElement call = JsonSerializer.SerializeToElement(parameters[0], SerializerOptions);
            Calls.Add(call);
            return Task.FromResult(answer(call));
        }

        public Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }

    private static JsonElement Json(string value) => JsonSerializer.SerializeToElement(value);

    private static (string Text, string Signature) SignedByOwner()
    {
        string text = new SiweMessage
        {
            Domain = "localhost:5000",
            Address = Wallet,
            Uri = "http://localhost:5000",
            ChainId = 1,
            Nonce = "abcdefgh1234",
            IssuedAt = Issued,
        }.Build();
        return (text, AnvilKeys.SignPersonal(text, AnvilKeys.Account1));
    }

    [Fact]
    public async Task VerifyAsync_ContractReturnsMagic_AcceptedViaContract()
    {
        var (text, signature) = SignedByOwner();
        var transport = new FakeTransport(_ => Json("0x1626ba7e" + new string('0', 56)));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, new EthClient(transport));

        Assert.True(result.IsValid, result.Reason);
        Assert.True(result.ViaContract);
        JsonElement call = Assert.Single(transport.Calls);
        Assert.Equal(Wallet.ToLowerHex(), call.GetProperty("to").GetString()!.ToLowerInvariant());
        var args = new IsValidSignatureFunction().DecodeInput(call.GetProperty("data").GetString()!);
        Assert.Equal(new EthereumMessageHasher().HashPrefixedMessage(text), args.Hash);
        Assert.Equal(Hex.Decode(signature), args.Signature);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("0xffffffff00000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x1626ba7e")]
    public async Task VerifyAsync_ContractAnswersOtherwise_RefusedAsSignerMismatch(string answer)
    {
        var (text, signature) = SignedByOwner();

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, new EthClient(new FakeTransport(_ => Json(answer))));

        Assert.Equal(SiweFailure.SignerMismatch, result.Failure);
        Assert.Contains("EIP-1271", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ContractReverts_RefusedAsSignerMismatch()
    {
        var (text, signature) = SignedByOwner();
        var transport = new FakeTransport(_ => throw new RpcErrorException(new RpcError(3, "execution reverted", "0x")));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, new EthClient(transport));

        Assert.Equal(SiweFailure.SignerMismatch, result.Failure);
    }

    [Fact]
    public async Task VerifyAsync_NonEcdsaSignatureAcceptedByContract_Accepted()
    {
        var (text, _) = SignedByOwner();
        var transport = new FakeTransport(_ => Json("0x1626ba7e" + new string('0', 56)));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, "0x" + new string('a', 260), Expect, new EthClient(transport));

        Assert.True(result.IsValid, result.Reason);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0x00")]
    [InlineData("0x123")]
    [InlineData("not hex")]
    public async Task VerifyAsync_NotASignature_RefusedWithoutAnyNodeCall(string signature)
    {
        var (text, _) = SignedByOwner();
        var transport = new FakeTransport(_ => Json("0x1626ba7e" + new string('0', 56)));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, signature, Expect, new EthClient(transport));

        Assert.Equal(SiweFailure.MalformedSignature, result.Failure);
        Assert.Empty(transport.Methods);
    }

    [Fact]
    public async Task VerifyAsync_SignatureLongerThanMax_RefusedWithoutAnyNodeCall()
    {
        var (text, _) = SignedByOwner();
        var transport = new FakeTransport(_ => Json("0x1626ba7e" + new string('0', 56)));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, "0x" + new string('a', 2 * (SiweVerifier.MaxSignatureBytes + 1)), Expect, new EthClient(transport));

        Assert.Equal(SiweFailure.MalformedSignature, result.Failure);
        Assert.Empty(transport.Methods);
    }

    [Fact]
    public async Task VerifyAsync_AddressWithoutCode_CodeAskedButNoEip1271Call()
    {
        var (text, _) = SignedByOwner();
        var transport = new FakeTransport(_ => Json("0x1626ba7e" + new string('0', 56)), code: "0x");

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(text, "0x" + new string('a', 260), Expect, new EthClient(transport));

        Assert.Equal(SiweFailure.MalformedSignature, result.Failure);
        Assert.Equal(["eth_getCode"], transport.Methods);
        Assert.Contains("no contract code", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EoaSignatureMatches_DoesNotCallNode()
    {
        var vector = TestVectors.Load("eip191.json")[3];
        var transport = new FakeTransport(_ => throw new InvalidOperationException("no call expected"));

        SiweVerificationResult result = await SiweVerifier.VerifyAsync(
            vector.GetProperty("message").GetString(), vector.GetProperty("signature").GetString(), Expect, new EthClient(transport));

        Assert.True(result.IsValid, result.Reason);
        Assert.False(result.ViaContract);
        Assert.Empty(transport.Calls);
    }
}
