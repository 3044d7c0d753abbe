using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Engine.Stress;

public static class StressServiceCollectionExtensions
{
    /// <summary>
    /// Stress runs: options (presets and correlations checked at start), the store, the service and its book source. The
    /// host may register <see cref="IStressRunPublisher"/> (the hub) before or after; a no-op one is added otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddStressRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StressOptions>()
            .Bind(builder.Configuration.GetSection(StressOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StressOptions>, StressOptionsValidation>();
        builder.Services.TryAddSingleton<IStressRunPublisher, NullStressRunPublisher>();
        builder.Services.AddSingleton<StressRunStore>();
        builder.Services.AddSingleton<StressRunCancellation>();
        builder.Services.AddSingleton<StressBookSource>();
        builder.Services.AddSingleton<CascadePoolSource>();
        builder.Services.AddSingleton<StressRunService>();
        builder.Services.AddSingleton<StressScheduleRules>();
        return builder;
    }
}
