using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace ExposureWeb.Web.Tests.Rendering;

/// <summary>A bUnit context for MudBlazor components on a clock the test controls; JS calls answer by default.</summary>
internal static class MudBunit
{
    public static BunitContext Context(TimeProvider time)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(time);
        context.Render<MudPopoverProvider>();
        return context;
    }
}
