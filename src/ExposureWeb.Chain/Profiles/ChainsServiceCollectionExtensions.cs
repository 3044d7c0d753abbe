using Microsoft.Extensions.Configuration;
using ExposureWeb.Chain.Rpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Chain.Profiles;

public static class ChainsServiceCollectionExtensions
{
    public const string Section = "Chains";

    /// <summary>
    /// Binds the <c>Chains</c> array of configuration into the <see cref="ChainRegistry"/>. An unknown
    /// key or an invalid address stops the app at start with a message naming it. Also registers
    /// <see cref="ChainClients"/>, the one RPC client per chain (its RPC keys in section <c>Engine</c>, validated at start).
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
            // The binder wraps what went wrong (the unknown key, the value that did not convert) in a general
            // "binding has failed" message: report every message of the chain, the specific ones included.
            var messages = new List<string>();
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                if (!messages.Contains(e.Message)) messages.Add(e.Message);
            }
            throw new InvalidChainProfileException("configuration section 'Chains'", messages);
        }
        foreach (var profile in profiles) registry.Register(profile);
        builder.Services.AddSingleton(registry);
        builder.Services.AddOptions<ChainRpcOptions>()
            .Bind(builder.Configuration.GetSection(ChainRpcOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChainClients>();
        return builder;
    }
}
