using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Data.Quotas;

public static class QuotaServiceCollectionExtensions
{
    /// <summary>The <c>Quotas</c> section, validated at start, and the import rate limit.</summary>
    public static IServiceCollection AddExposureQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotaOptions>()
            .Bind(configuration.GetSection(QuotaOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ImportRateLimiter>();
        return services;
    }
}
