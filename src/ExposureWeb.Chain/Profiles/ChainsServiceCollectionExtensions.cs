using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Chain.Profiles;

public static class ChainsServiceCollectionExtensions
{
    public const string Section = "Chains";

    /// <summary>
    /// Binds the <c>Chains</c> array of configuration into the <see cref="ChainRegistry"/>. An unknown
    /// key or an invalid address stops the app at start with a message naming it.
    /// </summary>
    public static IHostApplicationBuilder AddExposureChains(this IHostApplicationBuilder builder)
    {
        var registry = new ChainRegistry();
        var section = builder.Configuration.GetSection(Section);
        var profiles = new List<ChainProfile>();
        try
        {
            section.Bind(profiles, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidChainProfileException("configuration section 'Chains'", [ex.Message]);
        }
        foreach (var profile in profiles) registry.Register(profile);
        builder.Services.AddSingleton(registry);
        return builder;
    }
}
