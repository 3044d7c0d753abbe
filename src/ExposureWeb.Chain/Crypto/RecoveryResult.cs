using ExposureWeb.Chain.Primitives;

namespace ExposureWeb.Chain.Crypto;

/// <summary>Outcome of <see cref="SignerRecovery.Recover"/>: a signer address, or a reason it could not be found.</summary>
public readonly record struct RecoveryResult(Address Address, SignatureError Error, string? Message)
{
    /// <summary>Whether an address was recovered.</summary>
    public bool Success => Error == SignatureError.None;

    internal static RecoveryResult Fail(SignatureError error, string message) => new(Address.Zero, error, message);
}
