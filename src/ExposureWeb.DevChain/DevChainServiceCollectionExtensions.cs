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
        // Forks (governance simulations) run anvil whether or not the dev chain does: a mainnet profile forks too.
        builder.Services.AddSingleton<Chain.Forks.IChainForkLauncher>(sp =>
        {
            var o = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DevChainOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return new Anvil.AnvilForkLauncher(
                () => Anvil.AnvilLocator.Find(o.AnvilPath, environment.ContentRootPath, AppContext.BaseDirectory, Directory.GetCurrentDirectory()),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Anvil.AnvilForkLauncher>>());
        });
        if (builder.Configuration.GetValue(DevChainOptions.Section + ":" + nameof(DevChainOptions.Enabled), true))
        {
            builder.Services.AddHostedService<DevChainHost>();
        }
        return builder;
    }
}
