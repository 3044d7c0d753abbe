using System.Net;
using System.Text.Json;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Hubs;
using ExposureWeb.Web.Tests.Auth;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>The hub's door: pages of another origin are turned away, and a chain's status reaches clients without the node's address.</summary>
[Collection(AuthAppCollection.Name)]
public sealed class HubSecurityTests(AuthApp app)
{
    private async Task<string> TokenOfAsync(TestWallet wallet)
    {
        var session = await app.SignInAsync(wallet);
        var (result, _, secret) = await app.Factory.Services.GetRequiredService<ApiTokenStore>().CreateAsync(session.UserId, "origin test", TimeSpan.FromDays(1));
        Assert.True(result.Ok, result.Error);
        return secret!;
    }

    private async Task<HttpStatusCode> NegotiateAsync(string path, string token, string? origin)
    {
        using var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("http://evil.localhost")]
    [InlineData("http://localhost:8081")]
    [InlineData("https://localhost")]
    [InlineData("null")]
    public async Task Negotiate_ForeignOrigin_Refused403(string origin)
    {
        var token = await TokenOfAsync(TestWallet.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(ExposureHub.Path, token, origin));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(HubOriginCheck.BlazorHubPath, token, origin));
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("HTTP://LOCALHOST:80")]
    [InlineData(null)]
    public async Task Negotiate_OwnOriginOrNoOrigin_Accepted(string? origin)
    {
        var token = await TokenOfAsync(TestWallet.Alice);

        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(ExposureHub.Path, token, origin));
    }

    [Fact]
    public async Task SubscribeChain_StatusNamingTheNode_AnswerAndPushCarryNoUrl()
    {
        var services = app.Factory.Services;
        var rpcUrl = services.GetRequiredService<ChainRegistry>().All.Single(c => c.Name == "local").RpcUrls[0];
        var status = new ChainStatus("local", false, 12, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            $"none of the 2 endpoints answered: RPC endpoint {rpcUrl} unavailable: connection refused; https://node.internal.example/rpc: timeout")
        { RpcEndpoint = rpcUrl };
        services.GetRequiredService<LatestState>().Set(status);
        await using var client = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Factory.Server.BaseAddress, ExposureHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = async () => await TokenOfAsync(TestWallet.Bob);
            })
            .Build();
        var pushed = new TaskCompletionSource<JsonElement>();
        client.On<JsonElement>(nameof(IExposureClient.ChainStatusChanged), s => pushed.TrySetResult(s));
        await client.StartAsync();

        var answer = await client.InvokeAsync<JsonElement>(nameof(ExposureHub.SubscribeChain), "local");
        await services.GetRequiredService<IExposurePublisher>().PublishChainStatusAsync(status, CancellationToken.None);
        var push = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var port = new Uri(rpcUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var json in new[] { answer.GetRawText(), push.GetRawText() })
        {
            Assert.DoesNotContain("://", json, StringComparison.Ordinal);
            Assert.DoesNotContain(port, json, StringComparison.Ordinal);
            Assert.DoesNotContain("node.internal.example", json, StringComparison.Ordinal);
        }
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("rpcEndpoint").ValueKind);
        // The error still says what happened, with the endpoint's place in the profile instead of its address.
        Assert.Contains("RPC endpoint #1 unavailable: connection refused", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
