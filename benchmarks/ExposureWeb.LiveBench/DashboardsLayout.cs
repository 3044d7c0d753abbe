namespace ExposureWeb.LiveBench;

/// <summary>
/// Who watches what in the dashboards benchmark, by portfolio index (0 … portfolios − 1, the engine benchmark's order):
/// portfolios sit in workspaces of <see cref="PerWorkspace"/>, workspace w owned by bench user w (user 0 is the signed-in
/// LiveApp user, whose browser shows the pages). Hub clients cover every <see cref="ClientsPerPortfolio"/>-th portfolio,
/// several clients each, spread over all workspaces; the pages show covered portfolios of workspace 0, so a page's
/// update can be matched with the snapshot's ComputedAt that its portfolio's hub clients received.
/// </summary>
internal sealed class DashboardsLayout
{
    /// <summary>The default <c>Quotas:PortfoliosPerWorkspace</c>: no workspace holds more than a user could create.</summary>
    public const int PerWorkspace = 100;

    /// <summary>Light clients per covered portfolio: several, so one client's miss is not hidden by its portfolio's silence.</summary>
    public const int ClientsPerPortfolio = 4;

    public DashboardsLayout(int portfolios, int pages, int lightClients, int fullClients)
    {
        if (pages > Math.Min(PerWorkspace, portfolios)) throw new ArgumentOutOfRangeException(nameof(pages), $"at most {Math.Min(PerWorkspace, portfolios)} pages: they show portfolios of the browser user's one workspace");
        Portfolios = portfolios;
        Users = (portfolios + PerWorkspace - 1) / PerWorkspace;
        var coveredCount = Math.Min(portfolios, (lightClients + ClientsPerPortfolio - 1) / ClientsPerPortfolio);
        Covered = Enumerable.Range(0, coveredCount).Select(k => (int)((long)k * portfolios / coveredCount)).ToList();
        // Covered portfolios of workspace 0 first; when there are fewer than pages, other portfolios of workspace 0 (their
        // pages count for tick-to-screen but not for publish-to-screen, which needs a hub client on the portfolio).
        Pages = Covered.Where(p => p < PerWorkspace)
            .Concat(Enumerable.Range(0, Math.Min(PerWorkspace, portfolios)).Where(p => !Covered.Contains(p)))
            .Take(pages).ToList();
        LightClients = Enumerable.Range(0, lightClients).Select(i => Covered[i % Covered.Count]).ToList();
        FullClients = Enumerable.Range(0, fullClients).Select(k => Covered[(int)((long)k * Covered.Count / fullClients)]).ToList();
    }

    public int Portfolios { get; }

    /// <summary>Bench users, one per workspace.</summary>
    public int Users { get; }

    /// <summary>Portfolios with hub clients, ascending.</summary>
    public IReadOnlyList<int> Covered { get; }

    /// <summary>The portfolio each browser page shows.</summary>
    public IReadOnlyList<int> Pages { get; }

    /// <summary>The portfolio each light client subscribes to.</summary>
    public IReadOnlyList<int> LightClients { get; }

    /// <summary>The portfolio each full replica client subscribes to: spread over the covered ones, so over the workspaces.</summary>
    public IReadOnlyList<int> FullClients { get; }

    /// <summary>The bench user (and workspace) that owns portfolio <paramref name="p"/>.</summary>
    public static int Owner(int p) => p / PerWorkspace;

    /// <summary>The last portfolio of each workspace: the ones probed to see that the engine has read them all.</summary>
    public IEnumerable<int> LastOfEachWorkspace() => Enumerable.Range(0, Users).Select(w => Math.Min(Portfolios, (w + 1) * PerWorkspace) - 1);
}
