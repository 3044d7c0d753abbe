using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Alerts.Delivery;

public static class AlertDeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Alert delivery: <see cref="AlertDeliveryOptions"/> from <c>Alerts:Delivery</c> (validated at start), the
    /// <see cref="WebhookUrlGuard"/> for checking URLs where they are entered, and the <see cref="WebhookSender"/> and
    /// <see cref="EmailSender"/> singletons the outbox calls.
    /// </summary>
    public static IHostApplicationBuilder AddAlertDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertDeliveryOptions>()
            .Bind(builder.Configuration.GetSection(AlertDeliveryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new WebhookUrlGuard(Options(sp).WebhookAllowList));
        // Stored URLs pass the same guard deliveries do (the data layer's default only checks the form).
        builder.Services.Replace(ServiceDescriptor.Singleton<ExposureWeb.Data.Alerts.IWebhookUrlPolicy, GuardedWebhookUrlPolicy>());
        // Factories, so the options are read once and the sender's optional resolver is never taken from the container.
        builder.Services.AddSingleton(sp => new WebhookSender(
            Options(sp), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<WebhookSender>>()));
        builder.Services.AddSingleton(sp => new EmailSender(
            Options(sp), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<EmailSender>>()));
        return builder;
    }

    private static AlertDeliveryOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AlertDeliveryOptions>>().Value;
}
