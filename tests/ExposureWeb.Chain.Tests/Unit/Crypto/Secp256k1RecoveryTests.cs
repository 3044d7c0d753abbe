using System.Text.Json;
using ExposureWeb.Chain.Crypto;
using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Tests.Unit.Crypto;

public class Secp256k1RecoveryTests
{
    // anvil's public dev keys (accounts #0 and #1), which signed the eip191.json vectors.
    internal static readonly byte[] Anvil0Key = Hex.Decode("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    internal static readonly byte[] Anvil1Key = Hex.Decode("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private const string CurveOrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, TestVectors.Load("eip191.json").GetArrayLength()));

    private static byte[] KeyFor(string address) =>
        Secp256k1Recovery.AddressOf(Anvil0Key) == Address.Parse(address) ? Anvil0Key
        : Secp256k1Recovery.AddressOf(Anvil1Key) == Address.Parse(address) ? Anvil1Key
        : throw new InvalidOperationException("vector signed by an unknown key: " + address);

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Recover_VectorSignature_ReturnsVectorAddress(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];
        byte[] hash = Hex.Decode(vector.GetProperty("eip191Hash").GetString()!);

        RecoveryResult result = Secp256k1Recovery.Recover(hash, Hex.Decode(vector.GetProperty("signature").GetString()!));

        Assert.True(result.Success, result.Message);
        Assert.Equal(vector.GetProperty("address").GetString(), result.Address.ToString());
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Sign_VectorKey_MatchesEthersSignatureBytes(int index)
    {
        JsonElement vector = TestVectors.Load("eip191.json")[index];
        byte[] hash = PersonalMessage.Hash(vector.GetProperty("message").GetString()!);

        byte[] signature = Secp256k1Recovery.Sign(hash, KeyFor(vector.GetProperty("address").GetString()!));

        Assert.Equal(vector.GetProperty("signature").GetString(), Hex.Encode(signature));
    }

    [Fact]
    public void AddressOf_AnvilKey0_IsAnvilAccount0() =>
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Secp256k1Recovery.AddressOf(Anvil0Key).ToString());

    [Fact]
    public void SignThenRecover_RandomKeysFixedSeed_RoundTrips()
    {
        var random = new Random(4361);
        for (int i = 0; i < 64; i++)
        {
            byte[] key = new byte[32];
            random.NextBytes(key);
            key[0] &= 0x7f; // stays below the curve order
            byte[] hash = new byte[32];
            random.NextBytes(hash);

            byte[] signature = Secp256k1Recovery.Sign(hash, key);
            RecoveryResult result = Secp256k1Recovery.Recover(hash, signature);

            Assert.True(result.Success, result.Message);
            Assert.Equal(Secp256k1Recovery.AddressOf(key), result.Address);
            Assert.InRange(signature[64], (byte)27, (byte)28);
            Assert.True(signature[32] < 0x80, "s must be low (≤ n/2)");
        }
    }

    [Fact]
    public void Recover_VZeroOrOne_SameAsTwentySevenOrEight()
    {
        byte[] hash = PersonalMessage.Hash("hello");
        byte[] signature = Secp256k1Recovery.Sign(hash, Anvil0Key);
        signature[64] -= 27;

        RecoveryResult result = Secp256k1Recovery.Recover(hash, signature);

        Assert.True(result.Success, result.Message);
        Assert.Equal(Secp256k1Recovery.AddressOf(Anvil0Key), result.Address);
    }

    [Fact]
    public void Recover_HighS_RejectedAsMalleable()
    {
        byte[] hash = PersonalMessage.Hash("hello");
        byte[] signature = Secp256k1Recovery.Sign(hash, Anvil0Key);
        // s' = n - s and flipped parity is the same signature in its malleable form.
        var n = System.Numerics.BigInteger.Parse("0" + CurveOrderHex, System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        byte[] high = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(signature, 32, 32);
        high.CopyTo(signature, 64 - high.Length);
        signature[64] = (byte)(signature[64] == 27 ? 28 : 27);

        RecoveryResult result = Secp256k1Recovery.Recover(hash, signature);

        Assert.Equal(SignatureError.HighS, result.Error);
    }

    [Fact]
    public void Recover_RZero_Rejected()
    {
        byte[] signature = Secp256k1Recovery.Sign(PersonalMessage.Hash("hello"), Anvil0Key);
        Array.Clear(signature, 0, 32);

        Assert.Equal(SignatureError.ROutOfRange, Secp256k1Recovery.Recover(PersonalMessage.Hash("hello"), signature).Error);
    }

    [Fact]
    public void Recover_SZero_Rejected()
    {
        byte[] signature = Secp256k1Recovery.Sign(PersonalMessage.Hash("hello"), Anvil0Key);
        Array.Clear(signature, 32, 32);

        Assert.Equal(SignatureError.SOutOfRange, Secp256k1Recovery.Recover(PersonalMessage.Hash("hello"), signature).Error);
    }

    [Fact]
    public void Recover_REqualsCurveOrder_Rejected()
    {
        byte[] signature = Secp256k1Recovery.Sign(PersonalMessage.Hash("hello"), Anvil0Key);
        Hex.Decode(CurveOrderHex).CopyTo(signature, 0);

        Assert.Equal(SignatureError.ROutOfRange, Secp256k1Recovery.Recover(PersonalMessage.Hash("hello"), signature).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    [InlineData(130)]
    public void Recover_WrongLength_Rejected(int length)
    {
        Assert.Equal(SignatureError.BadLength, Secp256k1Recovery.Recover(PersonalMessage.Hash("hello"), new byte[length]).Error);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    [InlineData(255)]
    public void Recover_BadV_Rejected(byte v)
    {
        byte[] signature = Secp256k1Recovery.Sign(PersonalMessage.Hash("hello"), Anvil0Key);
        signature[64] = v;

        Assert.Equal(SignatureError.BadRecoveryId, Secp256k1Recovery.Recover(PersonalMessage.Hash("hello"), signature).Error);
    }

    [Fact]
    public void Recover_WrongHashLength_Rejected() =>
        Assert.Equal(SignatureError.BadHashLength, Secp256k1Recovery.Recover(new byte[31], new byte[65]).Error);

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

            RecoveryResult result = Secp256k1Recovery.Recover(hash, signature);

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
        byte[] hash = PersonalMessage.Hash("hello");
        for (byte b = 1; b < 255; b++)
        {
            byte[] signature = new byte[65];
            signature[31] = b;
            signature[63] = 1;
            signature[64] = 27;
            RecoveryResult result = Secp256k1Recovery.Recover(hash, signature);
            if (!result.Success)
            {
                Assert.Equal(SignatureError.NoPublicKey, result.Error);
                return;
            }
        }

        Assert.Fail("no x without a curve point among 1..254");
    }

    [Fact]
    public void Sign_ZeroKey_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => Secp256k1Recovery.Sign(new byte[32], new byte[32]));
}
