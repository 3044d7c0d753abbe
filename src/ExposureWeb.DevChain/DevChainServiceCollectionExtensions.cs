using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.DevChain;

public static class DevChainServiceCollectionExtensions
{
    /// <summary>The embedded local chain (anvil + demo protocols + market simulator), when <c>DevChain:Enabled</c>.</summary>
    public static IHostApplicationBuilder AddExposureDevChain(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevChainOptions>()
            .Bind(builder.Configuration.GetSection(DevChainOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DevChainState>();
        if (builder.Configuration.GetValue(DevChainOptions.Section + ":" + nameof(DevChainOptions.Enabled), true))
        {
            builder.Services.AddHostedService<DevChainHost>();
        }
        return builder;
    }
}
