using Microsoft.AspNetCore.SignalR;

namespace ExposureWeb.Hubs;

/// <summary>
/// Logs the hub's genuine failures, and only those. SignalR itself logs every exception a hub method throws as an error
/// with its stack trace, including the <see cref="HubException"/>s the hub throws on purpose to answer a caller ("not
/// found", "not allowed"): a client could fill the log by asking for what it may not see. That framework log is turned
/// off (<see cref="AddHubLogging"/>); refusals go to <see cref="RefusalLog"/>, throttled, and anything else a method
/// throws is logged here as before.
/// </summary>
public sealed class HubFailureLog(ILogger<ExposureHub> logger) : IHubFilter
{
    /// <summary>The SignalR category whose per-invocation error log this replaces.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            logger.LogError(ex, "Hub method {Method} failed", invocationContext.HubMethodName);
            throw;
        }
    }

    /// <summary>The refusal log, this filter on every hub, and SignalR's own invocation log off.</summary>
    public static WebApplicationBuilder AddHubLogging(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RefusalLog>();
        builder.Services.AddSingleton<HubFailureLog>();
        builder.Services.Configure<HubOptions>(o => o.AddFilter<HubFailureLog>());
        builder.Logging.AddFilter(DispatcherCategory, LogLevel.None);
        return builder;
    }
}
