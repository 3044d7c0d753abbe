using ExposureWeb.Chain.Profiles;
using ExposureWeb.Live;

namespace ExposureWeb.Web.Tests.Live;

/// <summary>What clients see of a node error: the chain profile's endpoints by number, any other URL hidden.</summary>
public sealed class ChainStatusForClientsTests
{
    private static readonly ChainProfile Profile = new()
    {
        Name = "mainnet", ChainId = 1,
        RpcUrls = ["https://rpc.example.com/v2/secret-key", "http://10.0.0.5:8545"],
        WsUrl = "wss://ws.example.com/v2/secret-key",
    };

    [Theory]
    [InlineData("Connection refused (10.0.0.5:8545).", "Connection refused (#2).")]
    [InlineData("Name or service not known (rpc.example.com:443)", "Name or service not known (#1)")]
    [InlineData("POST https://rpc.example.com/v2/secret-key answered 503", "POST #1 answered 503")]
    [InlineData("the WebSocket wss://ws.example.com/v2/secret-key closed", "the WebSocket the WebSocket endpoint closed")]
    [InlineData("redirected to https://elsewhere.example.org/x", "redirected to (address hidden)")]
    public void RedactText_NodeErrors_EndpointsNamedByPlaceAndOthersHidden(string error, string shown)
    {
        Assert.Equal(shown, ChainStatusForClients.RedactText(error, Profile));
    }
}
