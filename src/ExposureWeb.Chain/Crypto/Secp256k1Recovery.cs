using ExposureWeb.Chain.Primitives;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace ExposureWeb.Chain.Crypto;

/// <summary>Why a signature could not be recovered.</summary>
public enum SignatureError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The hash is not 32 bytes.</summary>
    BadHashLength,

    /// <summary>The signature is not 65 bytes (r ‖ s ‖ v).</summary>
    BadLength,

    /// <summary>v is not 27, 28, 0 or 1.</summary>
    BadRecoveryId,

    /// <summary>r is zero or not below the curve order n.</summary>
    ROutOfRange,

    /// <summary>s is zero or not below the curve order n.</summary>
    SOutOfRange,

    /// <summary>s is above n/2 (malleable form, rejected as in EIP-2).</summary>
    HighS,

    /// <summary>No public key corresponds to r and v (r is not the x coordinate of a curve point, or Q is infinity).</summary>
    NoPublicKey,
}

/// <summary>Outcome of <see cref="Secp256k1Recovery.Recover"/>: a signer address, or a reason it could not be found.</summary>
public readonly record struct RecoveryResult(Address Address, SignatureError Error, string? Message)
{
    /// <summary>Whether an address was recovered.</summary>
    public bool Success => Error == SignatureError.None;

    internal static RecoveryResult Fail(SignatureError error, string message) => new(Address.Zero, error, message);
}

/// <summary>
/// secp256k1 ECDSA as Ethereum uses it: public-key recovery from a 65-byte r ‖ s ‖ v signature, deterministic
/// low-s signing (RFC 6979), and addresses of private keys.
/// </summary>
/// <remarks>
/// <see cref="Recover"/> never throws on hostile input (wrong length, out-of-range values, bad v): it returns a
/// <see cref="RecoveryResult"/> with a <see cref="SignatureError"/>. Only null arguments throw.
/// </remarks>
public static class Secp256k1Recovery
{
    /// <summary>Length of an r ‖ s ‖ v signature.</summary>
    public const int SignatureLength = 65;

    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger N = Curve.N;
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    /// <summary>Recovers the signer's address of <paramref name="hash"/> from a 65-byte r ‖ s ‖ v signature.</summary>
    public static RecoveryResult Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.Length != 32)
        {
            return RecoveryResult.Fail(SignatureError.BadHashLength, $"hash must be 32 bytes, got {hash.Length}");
        }

        if (signature.Length != SignatureLength)
        {
            return RecoveryResult.Fail(SignatureError.BadLength, $"signature must be 65 bytes (r ‖ s ‖ v), got {signature.Length}");
        }

        byte v = signature[64];
        int recId = v switch
        {
            27 or 28 => v - 27,
            0 or 1 => v,
            _ => -1,
        };
        if (recId < 0)
        {
            return RecoveryResult.Fail(SignatureError.BadRecoveryId, $"v must be 27, 28, 0 or 1, got {v}");
        }

        var r = new BigInteger(1, signature[..32].ToArray());
        var s = new BigInteger(1, signature[32..64].ToArray());
        if (r.SignValue == 0 || r.CompareTo(N) >= 0)
        {
            return RecoveryResult.Fail(SignatureError.ROutOfRange, "r must be in [1, n-1]");
        }

        if (s.SignValue == 0 || s.CompareTo(N) >= 0)
        {
            return RecoveryResult.Fail(SignatureError.SOutOfRange, "s must be in [1, n-1]");
        }

        if (s.CompareTo(HalfN) > 0)
        {
            return RecoveryResult.Fail(SignatureError.HighS, "s is above n/2 (malleable signature, EIP-2)");
        }

        ECPoint? q = RecoverPoint(hash, r, s, recId);
        if (q is null)
        {
            return RecoveryResult.Fail(SignatureError.NoPublicKey, "no public key matches this signature");
        }

        return new RecoveryResult(AddressOf(q), SignatureError.None, null);
    }

    /// <summary>
    /// Signs a 32-byte hash deterministically (RFC 6979, HMAC-SHA256), normalised to low s; returns r ‖ s ‖ v with
    /// v = 27 or 28. Meant for tests and dev tools: keys held in process memory.
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes or the key is not a valid 32-byte scalar.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException($"hash must be 32 bytes, got {hash.Length}", nameof(hash));
        }

        BigInteger d = PrivateScalar(privateKey);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        byte[] hashBytes = hash.ToArray();
        BigInteger[] rs = signer.GenerateSignature(hashBytes);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (s.CompareTo(HalfN) > 0)
        {
            s = N.Subtract(s);
        }

        ECPoint expected = Domain.G.Multiply(d).Normalize();
        for (int recId = 0; recId < 2; recId++)
        {
            ECPoint? q = RecoverPoint(hashBytes, r, s, recId);
            if (q is not null && q.Equals(expected))
            {
                var result = new byte[SignatureLength];
                WriteFixed(r, result.AsSpan(0, 32));
                WriteFixed(s, result.AsSpan(32, 32));
                result[64] = (byte)(27 + recId);
                return result;
            }
        }

        // Unreachable for secp256k1 unless r ≥ p - n (x overflow, probability ~2^-128), which recovery ids 2/3 cover
        // and Ethereum cannot express.
        throw new InvalidOperationException("signature has no Ethereum recovery id (r overflowed the field)");
    }

    /// <summary>The Ethereum address of a 32-byte private key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or not in [1, n-1].</exception>
    public static Address AddressOf(ReadOnlySpan<byte> privateKey)
    {
        BigInteger d = PrivateScalar(privateKey);
        return AddressOf(Domain.G.Multiply(d).Normalize());
    }

    private static BigInteger PrivateScalar(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new ArgumentException($"private key must be 32 bytes, got {privateKey.Length}", nameof(privateKey));
        }

        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue == 0 || d.CompareTo(N) >= 0)
        {
            throw new ArgumentException("private key must be in [1, n-1]", nameof(privateKey));
        }

        return d;
    }

    private static Address AddressOf(ECPoint q)
    {
        byte[] encoded = q.Normalize().GetEncoded(false); // 0x04 ‖ X ‖ Y
        byte[] hash = Keccak256.Hash(encoded.AsSpan(1));
        return Address.FromBytes(hash.AsSpan(12));
    }

    /// <summary>Q = r⁻¹(sR − eG), R the point with x = r and y parity = recId; null when there is none.</summary>
    private static ECPoint? RecoverPoint(ReadOnlySpan<byte> hash, BigInteger r, BigInteger s, int recId)
    {
        BigInteger p = Curve.Curve.Field.Characteristic;
        if (r.CompareTo(p) >= 0)
        {
            return null;
        }

        var compressed = new byte[33];
        compressed[0] = (byte)(recId == 1 ? 0x03 : 0x02);
        WriteFixed(r, compressed.AsSpan(1));
        ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            // x = r is not on the curve: no such R.
            return null;
        }

        var e = new BigInteger(1, hash.ToArray());
        BigInteger rInv = r.ModInverse(N);
        BigInteger u1 = N.Subtract(e).Multiply(rInv).Mod(N); // -e / r
        BigInteger u2 = s.Multiply(rInv).Mod(N);               // s / r
        ECPoint q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, rPoint, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    private static void WriteFixed(BigInteger value, Span<byte> destination)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
