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
