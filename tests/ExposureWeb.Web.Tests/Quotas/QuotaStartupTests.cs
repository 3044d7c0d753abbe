namespace ExposureWeb.Web.Tests.Quotas;

/// <summary>A quota set to nonsense, or misspelt, stops the app at start with a message that names it.</summary>
public sealed class QuotaStartupTests
{
    private static async Task<string> StartFailureAsync(string key, string value)
    {
        await using var factory = new ExposureWebFactory(new Dictionary<string, string?> { [key] = value });
        var error = Record.Exception(() => factory.Server);
        Assert.NotNull(error);
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException) messages.Add(e.Message);
        if (error is AggregateException aggregate) messages.AddRange(aggregate.InnerExceptions.Select(e => e.Message));
        return string.Join(Environment.NewLine, messages);
    }

    [Fact]
    public async Task Start_ZeroManualPositionsPerPortfolio_FailsNamingTheSetting()
    {
        var message = await StartFailureAsync("Quotas:ManualPositionsPerPortfolio", "0");

        Assert.Contains("ManualPositionsPerPortfolio", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MisspeltQuota_FailsNamingIt()
    {
        var message = await StartFailureAsync("Quotas:ManualPositionPerPortfolio", "10");

        Assert.Contains("ManualPositionPerPortfolio", message, StringComparison.Ordinal);
    }
}
