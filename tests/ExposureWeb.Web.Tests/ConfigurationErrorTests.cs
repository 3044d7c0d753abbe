namespace ExposureWeb.Web.Tests;

/// <summary>A configuration mistake stops the app at start with a message that names the mistake.</summary>
public sealed class ConfigurationErrorTests
{
    private const string ValidMulticall = "0xca11bde05977b3631167028862be2a173976ca11";

    /// <summary>Starts the app with <paramref name="settings"/> and returns the messages of the failure and all its inner exceptions.</summary>
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        await using var factory = new ExposureWebFactory(settings);
        var error = Record.Exception(() => factory.Server);
        Assert.NotNull(error);
        return string.Join(Environment.NewLine, Flatten(error).Select(e => $"{e.GetType().Name}: {e.Message}"));
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Flatten)) yield return e;
    }

    private static Dictionary<string, string?> Chain(string name, string multicall) => new()
    {
        ["Chains:0:name"] = name,
        ["Chains:0:chainId"] = "31337",
        ["Chains:0:rpcUrls:0"] = "http://127.0.0.1:1",
        ["Chains:0:multicall3"] = multicall,
    };

    [Fact]
    public async Task Start_UnknownKeyInChainProfile_FailsNamingTheKey()
    {
        var settings = Chain("typo", ValidMulticall);
        settings["Chains:0:bogusKey"] = "1";

        var message = await StartFailureAsync(settings);

        Assert.Contains("bogusKey", message, StringComparison.Ordinal);
        Assert.Contains("InvalidChainProfileException", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ChainProfileWithOnlyAnUnknownKey_FailsNamingTheKey()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Chains:0:bogusKey"] = "1" });

        Assert.Contains("bogusKey", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ChainIdNotANumber_FailsNamingTheKeyAndTheValue()
    {
        var settings = Chain("typo", ValidMulticall);
        settings["Chains:0:chainId"] = "mainnet";

        var message = await StartFailureAsync(settings);

        Assert.Contains("Chains:0:chainId", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mainnet", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidMulticallAddress_FailsNamingTheFieldAndTheChain()
    {
        var message = await StartFailureAsync(Chain("broken", "0x1234"));

        Assert.Contains("'multicall3'", message, StringComparison.Ordinal);
        Assert.Contains("chain 'broken'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidTokenAddress_FailsNamingTheTokenField()
    {
        var settings = Chain("broken", ValidMulticall);
        settings["Chains:0:tokens:0:symbol"] = "WETH";
        settings["Chains:0:tokens:0:underlying"] = "ETH";
        settings["Chains:0:tokens:0:decimals"] = "18";
        settings["Chains:0:tokens:0:address"] = "not-an-address";

        var message = await StartFailureAsync(settings);

        Assert.Contains("tokens[0].address", message, StringComparison.Ordinal);
        Assert.Contains("not-an-address", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RpcTimeoutMsZero_OptionsValidationNamesRpcTimeoutMs()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Engine:RpcTimeoutMs"] = "0" });

        Assert.True(message.Contains("OptionsValidationException", StringComparison.Ordinal), message);
        Assert.True(message.Contains("RpcTimeoutMs", StringComparison.Ordinal), message);
    }

    [Fact]
    public async Task Start_EmptyDatabasePath_OptionsValidationNamesPath()
    {
        var settings = new Dictionary<string, string?> { ["Database:Path"] = "" };

        var message = await StartFailureAsync(settings);

        Assert.Contains("OptionsValidationException", message, StringComparison.Ordinal);
        Assert.Contains("Path", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GreeksHistoryRetentionBelowThePointsServed_FailsNamingBothSettings()
    {
        var settings = new Dictionary<string, string?> { ["Engine:GreeksHistoryPoints"] = "720", ["Engine:GreeksHistoryRetentionBlocks"] = "500" };

        var message = await StartFailureAsync(settings);

        Assert.Contains("OptionsValidationException", message, StringComparison.Ordinal);
        Assert.Contains("Engine:GreeksHistoryRetentionBlocks (500) must be at least Engine:GreeksHistoryPoints (720)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GreeksHistoryRetentionHoursZero_OptionsValidationNamesIt()
    {
        var message = await StartFailureAsync(new Dictionary<string, string?> { ["Engine:GreeksHistoryRetentionHours"] = "0" });

        Assert.Contains("OptionsValidationException", message, StringComparison.Ordinal);
        Assert.Contains("GreeksHistoryRetentionHours", message, StringComparison.Ordinal);
    }
}
