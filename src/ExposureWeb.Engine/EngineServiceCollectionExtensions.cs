using ExposureWeb.Chain.Adapters;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Alerts.Outbox;
using ExposureWeb.Engine.Monitoring;
using ExposureWeb.Engine.Pricing;
using ExposureWeb.Engine.Publishing;
using ExposureWeb.Engine.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ExposureWeb.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The background risk engine. The host supplies <see cref="IExposurePublisher"/> (the SignalR hub) and may supply
    /// <see cref="IAlertPublisher"/> (registered before or after this call: a no-op one is only added if none is);
    /// chains come from the <c>ChainRegistry</c>, portfolios and alert rules from the database.
    /// </summary>
    public static IHostApplicationBuilder AddExposureEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EngineOptions>()
            .Bind(builder.Configuration.GetSection(EngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<AlertOptions>()
            .Bind(builder.Configuration.GetSection(AlertOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<Governance.GovernanceOptions>()
            .Bind(builder.Configuration.GetSection(Governance.GovernanceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Governance.ProposalSimulator>();
        builder.Services.AddSingleton<Governance.GovernanceScanService>();
        builder.Services.AddSingleton<Governance.WhatIfService>();
        builder.Services.AddSingleton<Governance.GovernanceReports>();
        builder.Services.AddSingleton<Governance.GovernanceImpactBook>();
        // Before the engine's chain monitors: snapshots carry the governance entries from the first block.
        builder.Services.AddHostedService<Governance.GovernanceImpactBook.Loader>();
        Strategies.StrategiesServiceCollectionExtensions.AddExposureStrategies(builder.Services);
        builder.Services.AddSingleton<LatestState>();
        builder.Services.AddSingleton<GreeksHistory>();
        builder.Services.AddSingleton<EngineCycles>();
        builder.Services.AddSingleton<PortfolioDirectory>();
        builder.Services.AddSingleton<PortfolioSnapshotReader>();
        builder.Services.AddSingleton<PriceHistory>();
        builder.Services.AddSingleton<MarketBuilder>();
        builder.Services.AddSingleton<PositionDiscoveryCache>();
        builder.Services.AddSingleton<AlertEvaluator>();
        // The web host registers the hub's publisher; without one (tests, benchmarks) states go nowhere.
        builder.Services.TryAddSingleton<IAlertPublisher, NullAlertPublisher>();
        builder.Services.AddHostedService<RiskEngineService>();
        builder.Services.AddHealthChecks().AddCheck<ChainHeadHealthCheck>("chain");
        ExposureWeb.Engine.Alerts.Delivery.AlertDeliveryServiceCollectionExtensions.AddAlertDelivery(builder);
        builder.Services.AddSingleton<AlertOutboxProcessor>();
        builder.Services.AddSingleton<AlertRepeater>();
        Stress.StressServiceCollectionExtensions.AddStressRuns(builder);
        return builder;
    }
}
