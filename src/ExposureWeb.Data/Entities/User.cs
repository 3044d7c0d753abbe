namespace ExposureWeb.Data.Entities;

/// <summary>Someone who signed in with Ethereum; the wallet address is the identity.</summary>
public sealed class User
{
    public int Id { get; set; }

    /// <summary>EIP-55 checksummed address that signed the SIWE message; unique.</summary>
    public required string Address { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSignInAt { get; set; }

    public List<WorkspaceMember> Memberships { get; set; } = [];
}
