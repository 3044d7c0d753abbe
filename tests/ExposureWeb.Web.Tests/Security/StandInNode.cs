using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExposureWeb.Web.Tests.Security;

/// <summary>
/// STAND-IN for a chain's node, on loopback: answers the few JSON-RPC methods a sign-in can need (chain id 31337, no
/// contract code anywhere, every eth_call reverts) and records each request, so a test can tell which calls a sign-in
/// made. Used where the point is "no call at all", which a real node cannot report.
/// </summary>
public sealed class StandInNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string Params)> _requests = new();

    private StandInNode(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request so far: method and its parameters as JSON text.</summary>
    public IReadOnlyList<(string Method, string Params)> Requests => _requests.ToArray();

    /// <summary>Requests whose parameters mention <paramref name="text"/> (case-insensitive), e.g. an address.</summary>
    public IReadOnlyList<(string Method, string Params)> Mentioning(string text) =>
        Requests.Where(r => r.Params.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();

    public static async Task<StandInNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var node = new StandInNode(app);
        app.Run(node.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        node.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return node;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        JsonNode? answer = body is JsonArray batch ? new JsonArray([.. batch.Select(Answer)]) : Answer(body);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer!.ToJsonString(), context.RequestAborted);
    }

    private JsonNode Answer(JsonNode? request)
    {
        var method = request?["method"]?.GetValue<string>() ?? "";
        _requests.Enqueue((method, request?["params"]?.ToJsonString() ?? "[]"));
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request?["id"]?.DeepClone() };
        JsonNode? result = method switch
        {
            "eth_chainId" => "0x7a69",
            "net_version" => "31337",
            "eth_blockNumber" => "0x1",
            "eth_getCode" => "0x",
            _ => null,
        };
        if (result is not null) response["result"] = result;
        else response["error"] = new JsonObject { ["code"] = method == "eth_call" ? 3 : -32601, ["message"] = method == "eth_call" ? "execution reverted" : "not served by this stand-in" };
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
