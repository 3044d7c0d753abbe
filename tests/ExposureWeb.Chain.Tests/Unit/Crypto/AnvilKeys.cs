using ExposureWeb.Chain.Primitives;
using Nethereum.Signer;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

/// <summary>
/// anvil's public dev keys (accounts #0 and #1, which signed the eip191.json vectors), and signing with them through
/// Nethereum as a wallet's <c>personal_sign</c> does. Worthless on any real chain.
/// </summary>
internal static class AnvilKeys
{
    public static readonly EthECKey Account0 = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    public static readonly EthECKey Account1 = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private static readonly EthereumMessageSigner PersonalSigner = new();

    public static Address AddressOf(EthECKey key) => Address.Parse(key.GetPublicAddress());

    /// <summary>EIP-191 personal_sign of the UTF-8 message: 0x-hex r ‖ s ‖ v with v 27 or 28.</summary>
    public static string SignPersonal(string message, EthECKey key) => PersonalSigner.EncodeUTF8AndSign(message, key);

    /// <summary>Signs a bare 32-byte hash (low s, v 27 or 28) for tests that tamper with the signature bytes.</summary>
    public static byte[] SignHash(byte[] hash, EthECKey key) =>
        Hex.Decode(EthECDSASignature.CreateStringSignature(key.SignAndCalculateV(hash)));
}
