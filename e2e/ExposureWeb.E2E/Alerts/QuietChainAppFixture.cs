namespace ExposureWeb.E2E.Alerts;

/// <summary>
/// The app with its market simulator off: prices move only when a test pushes them, and blocks come only from the
/// test's transactions and <c>evm_mine</c>. An alert test can then put a health factor exactly where it wants it.
/// </summary>
public sealed class QuietChainAppFixture : LiveAppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DevChain:TickSeconds"] = "0",
        ["Alerts:ConfirmationBlocks"] = "2",
    };
}
