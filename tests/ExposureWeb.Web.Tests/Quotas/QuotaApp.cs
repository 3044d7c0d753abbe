using System.Security.Cryptography;
using System.Text;
using ExposureWeb.Web.Tests.Auth;

namespace ExposureWeb.Web.Tests.Quotas;

/// <summary>
/// The app with small quotas, so a test reaches each limit in a few rows. Every test signs in a wallet of its own (a new
/// key), so it has a workspace of its own and nothing another test counted.
/// </summary>
public sealed class QuotaApp : IAsyncLifetime
{
    public const int ManualPositions = 10;
    public const int WatchedAddresses = 3;
    public const int Portfolios = 3;
    public const int AlertRules = 2;
    public const int ApiTokens = 2;
    public const int ImportsPerHour = 3;
    public const int ShareLinks = 2;
    public const int Dashboards = 3;
    public const int Snapshots = 2;

    public ExposureWebFactory Factory { get; } = new(Settings());

    public static Dictionary<string, string?> Settings()
    {
        var settings = AuthApp.ChainSettings();
        settings["Quotas:ManualPositionsPerPortfolio"] = ManualPositions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:WatchedAddressesPerPortfolio"] = WatchedAddresses.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:PortfoliosPerWorkspace"] = Portfolios.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:AlertRulesPerWorkspace"] = AlertRules.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:ApiTokensPerUser"] = ApiTokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:ManualPositionImportsPerHour"] = ImportsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:ShareLinksPerWorkspace"] = ShareLinks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:DashboardsPerWorkspace"] = Dashboards.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:SnapshotsPerWorkspace"] = Snapshots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();

    /// <summary>A new wallet, signed in: its own user, workspace and first portfolio.</summary>
    public Task<AuthApp.Session> NewUserAsync() => AuthApp.SignInAsync(Factory, new TestWallet("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));

    /// <summary>A CSV of <paramref name="rows"/> ETH spot positions (quantities 1, 2, …).</summary>
    public static string Csv(int rows)
    {
        var csv = new StringBuilder("kind,label,underlying,quantity,entry_price_usd,strike,expiry,right,cash_usd\n");
        for (int i = 1; i <= rows; i++) csv.Append("spot,,ETH,").Append(i).Append(",,,,,\n");
        return csv.ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class QuotaAppCollection : ICollectionFixture<QuotaApp>
{
    public const string Name = "app with small quotas";
}
