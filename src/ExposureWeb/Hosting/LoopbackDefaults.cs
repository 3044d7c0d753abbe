namespace ExposureWeb.Hosting;

public static class LoopbackDefaults
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>
    /// Listen on 127.0.0.1:5000 unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>urls</c> in
    /// configuration say otherwise: a dashboard of positions is not exposed to the network by accident.
    /// </summary>
    public static WebApplicationBuilder UseLoopbackByDefault(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        return builder;
    }
}
