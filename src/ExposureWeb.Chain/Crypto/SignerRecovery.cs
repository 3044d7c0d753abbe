using ExposureWeb.Chain.Primitives;
using Nethereum.Signer;
using Nethereum.Signer.Crypto;
using Org.BouncyCastle.Math;

namespace ExposureWeb.Chain.Crypto;

/// <summary>
/// Finds who signed a 32-byte hash from a 65-byte r ‖ s ‖ v signature, with Nethereum's secp256k1 recovery
/// (<see cref="EthECKey.RecoverFromSignature(EthECDSASignature, byte[])"/>).
/// </summary>
/// <remarks>
/// Nethereum trusts its input: it throws on a short array or a v outside 27–34, reads v 29–34 as recovery ids Ethereum
/// cannot express, and recovers the malleable high-s form too. Sign-in takes signatures from anyone, so this refuses
/// each of those first, with a reason the user and the log can read, and never throws on hostile bytes.
/// </remarks>
public static class SignerRecovery
{
    /// <summary>Length of an r ‖ s ‖ v signature.</summary>
    public const int SignatureLength = 65;

    private const int HashLength = 32;

    /// <summary>Recovers the signer's address of <paramref name="hash"/> from a 65-byte r ‖ s ‖ v signature.</summary>
    public static RecoveryResult Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.Length != HashLength)
        {
            return RecoveryResult.Fail(SignatureError.BadHashLength, $"hash must be 32 bytes, got {hash.Length}");
        }

        if (signature.Length != SignatureLength)
        {
            return RecoveryResult.Fail(SignatureError.BadLength, $"signature must be 65 bytes (r ‖ s ‖ v), got {signature.Length}");
        }

        // Wallets write v as 27/28 (personal_sign) or as the bare y parity 0/1 (some hardware wallets); Nethereum wants 27/28.
        byte v = signature[64];
        if (v is not (27 or 28 or 0 or 1))
        {
            return RecoveryResult.Fail(SignatureError.BadRecoveryId, $"v must be 27, 28, 0 or 1, got {v}");
        }

        var r = new BigInteger(1, signature[..32].ToArray());
        var s = new BigInteger(1, signature[32..64].ToArray());
        if (r.SignValue == 0 || r.CompareTo(ECKey.CURVE_ORDER) >= 0)
        {
            return RecoveryResult.Fail(SignatureError.ROutOfRange, "r must be in [1, n-1]");
        }

        if (s.SignValue == 0 || s.CompareTo(ECKey.CURVE_ORDER) >= 0)
        {
            return RecoveryResult.Fail(SignatureError.SOutOfRange, "s must be in [1, n-1]");
        }

        var parsed = new EthECDSASignature(r, s, [(byte)(v < 27 ? v + 27 : v)]);
        if (!parsed.IsLowS)
        {
            return RecoveryResult.Fail(SignatureError.HighS, "s is above n/2 (malleable signature, EIP-2)");
        }

        try
        {
            byte[] signer = EthECKey.RecoverFromSignature(parsed, hash.ToArray()).GetPublicAddressAsBytes();
            return new RecoveryResult(Address.FromBytes(signer), SignatureError.None, null);
        }
        catch (ArgumentException)
        {
            // With r, s and v checked above, BouncyCastle under Nethereum throws only when there is no key: r is not the
            // x of a curve point ("invalid point compression"), or sR − eG is the point at infinity.
            return RecoveryResult.Fail(SignatureError.NoPublicKey, "no public key matches this signature");
        }
    }
}
