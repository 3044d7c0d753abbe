namespace ExposureWeb.Auth;

/// <summary>
/// The browser's network address for a circuit, as the page's first (HTTP) request saw it: a circuit has no HTTP
/// request of its own to ask, and the audit log records where a change came from.
/// </summary>
public sealed class CircuitClient
{
    public string? Address { get; set; }

    /// <summary>The share-link proof cookie the page's request carried (see <see cref="Sharing.ShareProofs"/>); null without one.</summary>
    public string? ShareProof { get; set; }
}
