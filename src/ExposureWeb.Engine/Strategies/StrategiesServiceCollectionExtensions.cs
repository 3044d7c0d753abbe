using ExposureWeb.Data.Strategies;
using Microsoft.Extensions.DependencyInjection;

namespace ExposureWeb.Engine.Strategies;

public static class StrategiesServiceCollectionExtensions
{
    /// <summary>
    /// Saved strategies: the store, the in-memory book the engine evaluates on every recompute (loaded before the engine's
    /// chain monitors start, so the first snapshot carries verdicts) and the on-demand proposals.
    /// </summary>
    public static IServiceCollection AddExposureStrategies(this IServiceCollection services)
    {
        services.AddSingleton<StrategyChangeSignal>();
        services.AddSingleton<StrategyStore>();
        services.AddSingleton<StrategyBook>();
        services.AddHostedService<StrategyBook.Loader>();
        services.AddSingleton<StrategyProposals>();
        return services;
    }
}
