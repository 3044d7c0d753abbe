namespace ExposureWeb.Data.Accounts;

/// <summary>
/// Raised after portfolios or their addresses change, so the engine re-reads its list at the next block
/// instead of after its cache ages out (a watch address added shows its positions within one block).
/// </summary>
public sealed class PortfolioChangeSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
