namespace ExposureWeb.Data.Entities;

/// <summary>
/// A SIWE nonce the server issued. It is deleted when a sign-in uses it, so it is accepted once; one
/// kept only in a cookie would be replayable.
/// </summary>
public sealed class SignInNonce
{
    /// <summary>Random alphanumeric text (EIP-4361: at least 8 characters).</summary>
    public required string Value { get; set; }

    /// <summary>The address the challenge was issued to (EIP-55).</summary>
    public required string Address { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
