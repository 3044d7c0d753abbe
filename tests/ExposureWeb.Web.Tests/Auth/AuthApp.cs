using System.Globalization;
using System.Net.Sockets;
using ExposureWeb.Data;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>
/// The app with one chain configured (id 31337) so wallets can sign in for it. Its RPC URL is a closed loopback port:
/// an ordinary wallet's sign-in never needs the node, and a contract wallet's check meets a dead node.
/// </summary>
public sealed class AuthApp : IAsyncLifetime
{
    public const ulong ChainId = 31337;

    public ExposureWebFactory Factory { get; } = new(ChainSettings()) { ShowDemoWorkspace = true };

    /// <summary>Settings for one chain "local" (id 31337) whose node is a closed port, so wallets may sign in for it.</summary>
    public static Dictionary<string, string?> ChainSettings() => new()
    {
        ["Chains:0:name"] = "local",
        ["Chains:0:chainId"] = ChainId.ToString(CultureInfo.InvariantCulture),
        ["Chains:0:rpcUrls:0"] = $"http://127.0.0.1:{ClosedPort().ToString(CultureInfo.InvariantCulture)}",
        ["Chains:0:multicall3"] = "0xca11bde05977b3631167028862be2a173976ca11",
    };

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();

    /// <summary>Signs <paramref name="wallet"/> in for real; returns its cookie-holding client and its ids.</summary>
    public Task<Session> SignInAsync(TestWallet wallet) => SignInAsync(Factory, wallet);

    /// <summary>Signs <paramref name="wallet"/> in to <paramref name="factory"/>'s app: its client, user, own workspace and that workspace's first portfolio.</summary>
    public static async Task<Session> SignInAsync(ExposureWebFactory factory, TestWallet wallet)
    {
        var client = await wallet.SignInAsync(factory);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ExposureDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Address == wallet.Address.ToString()).Select(u => u.Id).SingleAsync();
        var workspaceId = await db.WorkspaceMembers.Where(m => m.UserId == userId && m.Role == WorkspaceRole.Owner).Select(m => m.WorkspaceId).FirstAsync();
        var portfolioId = await db.Portfolios.Where(p => p.WorkspaceId == workspaceId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return new Session(client, userId, workspaceId, portfolioId);
    }

    /// <summary>A new portfolio in the session's own workspace, made through the store users' changes go through.</summary>
    public async Task<int> CreatePortfolioAsync(Session session, string name)
    {
        var (result, id) = await Factory.Services.GetRequiredService<UserPortfolios>().CreateAsync(session.UserId, session.WorkspaceId, name, "local");
        Assert.True(result.Ok, result.Error);
        return id!.Value;
    }

    /// <summary>A signed-in user: the client carries the session cookie.</summary>
    public sealed record Session(HttpClient Client, int UserId, int WorkspaceId, int PortfolioId);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AuthAppCollection : ICollectionFixture<AuthApp>
{
    public const string Name = "app with sign-in";
}
