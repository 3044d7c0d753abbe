using ExposureWeb.Chain.Rpc;

namespace ExposureWeb.Chain.Tests.Rpc;

public sealed class EndpointRedactorTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545/")]
    [InlineData("https://user:pass@rpc.example.com/", "https://***@rpc.example.com/")]
    [InlineData("https://rpc.example.com/?apikey=secret", "https://rpc.example.com/?***")]
    [InlineData("https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef", "https://mainnet.infura.io/v3/***")]
    [InlineData("wss://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUvWxYz012345", "wss://eth-mainnet.g.alchemy.com/v2/***")]
    [InlineData("http://node.internal:8545/rpc/mainnet", "http://node.internal:8545/rpc/mainnet")]
    public void Redact_Url_HidesCredentialsKeepsRoute(string url, string expected)
    {
        Assert.Equal(expected, EndpointRedactor.Redact(new Uri(url)));
    }
}
