namespace ExposureWeb.Hosting;

/// <summary>
/// Refuses new requests once the app is stopping (503, connection closed). Kestrel drains the requests in progress
/// before any other service stops, and SignalR closes the connections it has when stopping begins; but an open tab
/// reconnects its Blazor circuit at once, and that new WebSocket held the drain for the whole
/// <c>HostOptions.ShutdownTimeout</c> (30 s). The services then stopped with an expired token: Hangfire threw, the
/// process exited on the exception, and the dev chain skipped its last state save, so the next start continued from an
/// older head than the engine had read. Refused, the tab retries and reaches the next run instead.
/// </summary>
internal static class ShutdownGate
{
    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            if (stopping.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.Connection = "close";
                context.Response.Headers.RetryAfter = "2";
                return;
            }
            await next(context);
        });
    }
}
