using ExposureWeb.Engine.Alerts.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

public class AlertDeliveryOptionsTests
{
    [Fact]
    public void AddAlertDelivery_NoSection_DefaultsAndSendersResolve()
    {
        using var host = Build([]);

        var options = host.Services.GetRequiredService<IOptions<AlertDeliveryOptions>>().Value;
        Assert.Equal((8, 2, 600, 10), (options.MaxAttempts, options.BaseDelaySeconds, options.MaxDelaySeconds, options.TimeoutSeconds));
        Assert.NotNull(host.Services.GetRequiredService<WebhookSender>());
        Assert.NotNull(host.Services.GetRequiredService<EmailSender>());
        Assert.NotNull(host.Services.GetRequiredService<WebhookUrlGuard>().Validate("http://10.0.0.1/"));
    }

    [Fact]
    public void AddAlertDelivery_AllowListFromConfiguration_GuardUsesIt()
    {
        using var host = Build(new() { ["Alerts:Delivery:WebhookAllowList:0"] = "127.0.0.1" });

        Assert.Null(host.Services.GetRequiredService<WebhookUrlGuard>().Validate("http://127.0.0.1:5000/hook"));
    }

    [Theory]
    [InlineData("Alerts:Delivery:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Alerts:Delivery:TimeoutSeconds", "0", "TimeoutSeconds")]
    [InlineData("Alerts:Delivery:MaxDelaySeconds", "1", "MaxDelaySeconds (1) must not be below BaseDelaySeconds (2)")]
    [InlineData("Alerts:Delivery:WebhookAllowList:0", "10.0.0.1/8", "WebhookAllowList entry '10.0.0.1/8'")]
    [InlineData("Alerts:Delivery:Smtp:Host", "smtp.example.com", "Alerts:Delivery:Smtp: From is required when Host is set")]
    public async Task StartAsync_InvalidSetting_FailsNamingIt(string key, string value, string expected)
    {
        using var host = Build(new() { [key] = value });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, string.Join("\n", e.Failures));
    }

    [Fact]
    public void SmtpOptionsToString_WithPassword_PasswordRedacted()
    {
        var smtp = new SmtpOptions { Host = "smtp.example.com", UserName = "alerts", Password = "hunter2-very-secret" };

        Assert.DoesNotContain("hunter2", smtp.ToString());
        Assert.Contains("alerts", smtp.ToString());
    }

    [Fact]
    public void WebhookRequestToString_WithSecretsAndTokenInPath_NeitherPrinted()
    {
        var request = new WebhookRequest("https://hooks.example.com/T000/B000/XXXXsecrettoken", ["signing-secret"], "r1:p7:firing", new byte[3]);

        Assert.DoesNotContain("signing-secret", request.ToString());
        Assert.DoesNotContain("secrettoken", request.ToString());
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAlertDelivery();
        return builder.Build();
    }
}
