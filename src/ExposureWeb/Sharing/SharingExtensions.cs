using ExposureWeb.Api;

namespace ExposureWeb.Sharing;

/// <summary>Share links: the viewers' registry, the wallet-proof cookie, the proof endpoints and the REST API.</summary>
public static class SharingExtensions
{
    public static WebApplicationBuilder AddExposureSharing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShareViewers>();
        builder.Services.AddSingleton<ShareProofs>();
        return builder;
    }

    public static WebApplication MapExposureSharing(this WebApplication app)
    {
        app.MapShareProof();
        app.MapShareLinksApi();
        return app;
    }
}
