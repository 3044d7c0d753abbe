namespace ExposureWeb.E2E.Governance;

/// <summary>
/// The app with its market simulator off: prices stay where the demo put them, so the queued proposal's report does not
/// move under the test, and no block comes unless something sends a transaction.
/// </summary>
public sealed class GovernanceAppFixture : LiveAppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DevChain:TickSeconds"] = "0",
    };
}
