using System.Security.Cryptography;

namespace ExposureWeb.Hubs;

/// <summary>
/// A random secret made at start and never written anywhere: the app's own hub client presents it,
/// and is recognised as the process itself (see ApiTokenAuthenticationHandler), allowed every portfolio group.
/// </summary>
public sealed class InternalHubKey
{
    public string Value { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(Value));
}
