using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace ExposureWeb.Components.Exposure.Charts;

/// <summary>Plotly colours that follow MudBlazor's light and dark palettes; backgrounds stay transparent so the paper shows.</summary>
public static class ChartTheme
{
    public const string Transparent = "rgba(0,0,0,0)";

    /// <summary>Losses red, gains blue (colour-blind safe), zero neutral.</summary>
    public const string Loss = "#c62828";
    public const string Gain = "#1565c0";

    public static string Text(bool dark) => dark ? "rgba(255,255,255,0.78)" : "rgba(0,0,0,0.78)";

    public static string Grid(bool dark) => dark ? "rgba(255,255,255,0.14)" : "rgba(0,0,0,0.10)";

    /// <summary>Middle of the diverging P&amp;L scale: close to the paper, so small P&amp;L fades into it.</summary>
    public static string Neutral(bool dark) => dark ? "#3a3a3a" : "#f5f5f5";

    public static string Muted(bool dark) => dark ? "rgba(255,255,255,0.55)" : "rgba(0,0,0,0.55)";

    public static void Apply(Plotly.Blazor.Layout layout, bool dark)
    {
        layout.PaperBgColor = Transparent;
        layout.PlotBgColor = Transparent;
        layout.Font = new Font { Color = Text(dark), Size = 12 };
    }
}
