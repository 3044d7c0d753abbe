using System.Globalization;
using System.Text.Json;
using ExposureWeb.Chain.Crypto;
using ExposureWeb.Chain.Primitives;
using Nethereum.Signer;
using Nethereum.Util;
using BigInteger = System.Numerics.BigInteger;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

public class SignerRecoveryTests
{
    private const string CurveOrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    private static readonly BigInteger N = BigInteger.Parse("0" + CurveOrderHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly byte[] HelloHash = new EthereumMessageHasher().HashPrefixedMessage("hello");

    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("eip191.json").GetArrayLength()));

    private static EthECKey KeyFor(string address) =>
        AnvilKeys.AddressOf(AnvilKeys.Account0) == Address.Parse(address) ? AnvilKeys.Account0
        : AnvilKeys.AddressOf(AnvilKeys.Account1) == Address.Parse(address) ? AnvilKeys.Account1
        : throw new InvalidOperationException("vector signed by an unknown key: " + address);

    private static BigInteger Unsigned(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static void WriteWord(BigInteger value, byte[] destination, int offset)
    {
        byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(destination, offset, 32);
        bytes.CopyTo(destination, offset + 32 - bytes.Length);
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Recover_VectorSignature_ReturnsVectorAddress(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];
        byte[] hash = Hex.Decode(vector.GetProperty("eip191Hash").GetString()!);

        RecoveryResult result = SignerRecovery.Recover(hash, Hex.Decode(vector.GetProperty("signature").GetString()!));

        Assert.True(result.Success, result.Message);
        Assert.Equal(vector.GetProperty("address").GetString(), result.Address.ToString());
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void EncodeUTF8AndSign_VectorKey_MatchesEthersSignatureBytes(int index)
    {
        // The test wallets sign through Nethereum; this pins that they produce exactly what ethers (and a browser wallet) do.
        JsonElement vector = TestVectors.Load("eip191.json")[index];

        string signature = AnvilKeys.SignPersonal(vector.GetProperty("message").GetString()!, KeyFor(vector.GetProperty("address").GetString()!));

        Assert.Equal(vector.GetProperty("signature").GetString(), signature);
    }

    [Fact]
    public void Recover_NethereumSignedRandomHashesFixedSeed_ReturnsSigner()
    {
        var random = new Random(4361);
        for (int i = 0; i < 64; i++)
        {
            byte[] key = new byte[32];
            random.NextBytes(key);
            key[0] &= 0x7f; // stays below the curve order
            byte[] hash = new byte[32];
            random.NextBytes(hash);
            var signer = new EthECKey(key, true);

            byte[] signature = AnvilKeys.SignHash(hash, signer);
            RecoveryResult result = SignerRecovery.Recover(hash, signature);

            Assert.True(result.Success, result.Message);
            Assert.Equal(AnvilKeys.AddressOf(signer), result.Address);
            Assert.InRange(signature[64], (byte)27, (byte)28);
            Assert.True(signature[32] < 0x80, "s must be low (≤ n/2)");
        }
    }

    [Fact]
    public void Recover_VZeroOrOne_SameAsTwentySevenOrEight()
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        signature[64] -= 27;

        RecoveryResult result = SignerRecovery.Recover(HelloHash, signature);

        Assert.True(result.Success, result.Message);
        Assert.Equal(AnvilKeys.AddressOf(AnvilKeys.Account0), result.Address);
    }

    [Fact]
    public void Recover_HighS_RejectedAsMalleable()
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        // s' = n - s and flipped parity is the same signature in its malleable form, which Nethereum alone would accept.
        WriteWord(N - Unsigned(signature.AsSpan(32, 32)), signature, 32);
        signature[64] = (byte)(signature[64] == 27 ? 28 : 27);

        RecoveryResult result = SignerRecovery.Recover(HelloHash, signature);

        Assert.Equal(SignatureError.HighS, result.Error);
        Assert.Contains("EIP-2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recover_RZero_Rejected()
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        Array.Clear(signature, 0, 32);

        Assert.Equal(SignatureError.ROutOfRange, SignerRecovery.Recover(HelloHash, signature).Error);
    }

    [Fact]
    public void Recover_SZero_Rejected()
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        Array.Clear(signature, 32, 32);

        Assert.Equal(SignatureError.SOutOfRange, SignerRecovery.Recover(HelloHash, signature).Error);
    }

    [Fact]
    public void Recover_REqualsCurveOrder_Rejected()
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        Hex.Decode(CurveOrderHex).CopyTo(signature, 0);

        Assert.Equal(SignatureError.ROutOfRange, SignerRecovery.Recover(HelloHash, signature).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    [InlineData(130)]
    public void Recover_WrongLength_RejectedWithLengthInReason(int length)
    {
        RecoveryResult result = SignerRecovery.Recover(HelloHash, new byte[length]);

        Assert.Equal(SignatureError.BadLength, result.Error);
        Assert.Contains($"got {length}", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)] // Nethereum reads 29–34 as recovery ids 2/3, which Ethereum signatures never carry
    [InlineData(34)]
    [InlineData(37)]
    [InlineData(255)]
    public void Recover_BadV_Rejected(byte v)
    {
        byte[] signature = AnvilKeys.SignHash(HelloHash, AnvilKeys.Account0);
        signature[64] = v;

        Assert.Equal(SignatureError.BadRecoveryId, SignerRecovery.Recover(HelloHash, signature).Error);
    }

    [Fact]
    public void Recover_WrongHashLength_Rejected() =>
        Assert.Equal(SignatureError.BadHashLength, SignerRecovery.Recover(new byte[31], new byte[65]).Error);

    [Fact]
    public void Recover_RandomBytes_NeverThrows()
    {
        var random = new Random(191);
        int recovered = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] hash = new byte[32];
            random.NextBytes(hash);
            byte[] signature = new byte[random.Next(2) == 0 ? 65 : random.Next(0, 100)];
            random.NextBytes(signature);
            if (signature.Length == 65 && random.Next(2) == 0)
            {
                signature[64] = (byte)(27 + random.Next(2));
                signature[32] &= 0x7f;
            }

            RecoveryResult result = SignerRecovery.Recover(hash, signature);

            if (result.Success)
            {
                recovered++;
                Assert.NotEqual(Address.Zero, result.Address);
            }
            else
            {
                Assert.NotNull(result.Message);
            }
        }

        Assert.True(recovered > 0, "some random well-formed signatures should recover to some key");
    }

    [Fact]
    public void Recover_RNotOnCurve_ReportsNoPublicKey()
    {
        // Roughly half of all x values have no curve point; search deterministically for one.
        for (byte b = 1; b < 255; b++)
        {
            byte[] signature = new byte[65];
            signature[31] = b;
            signature[63] = 1;
            signature[64] = 27;
            RecoveryResult result = SignerRecovery.Recover(HelloHash, signature);
            if (!result.Success)
            {
                Assert.Equal(SignatureError.NoPublicKey, result.Error);
                return;
            }
        }

        Assert.Fail("no x without a curve point among 1..254");
    }

    [Fact]
    public void Recover_KeyWouldBePointAtInfinity_ReportsNoPublicKey()
    {
        // Q = r⁻¹(sR − eG) is infinity when sR = eG. With R = kG that is s = e·k⁻¹ (mod n), a signature anyone can forge
        // for any hash; R = −kG gives n − s, so one of the two is low-s and passes the malleability check.
        byte[] kBytes = Hex.Decode("0x1111111111111111111111111111111111111111111111111111111111111111");
        BigInteger k = Unsigned(kBytes);
        byte[] point = new EthECKey(kBytes, true).GetPubKey(false); // 0x04 ‖ x ‖ y
        BigInteger s = Unsigned(HelloHash) % N * BigInteger.ModPow(k, N - 2, N) % N;
        int recId = point[64] & 1;
        if (s > N / 2)
        {
            s = N - s;
            recId ^= 1;
        }

        byte[] signature = new byte[65];
        Array.Copy(point, 1, signature, 0, 32);
        WriteWord(s, signature, 32);
        signature[64] = (byte)(27 + recId);

        RecoveryResult result = SignerRecovery.Recover(HelloHash, signature);

        Assert.Equal(SignatureError.NoPublicKey, result.Error);
    }
}
