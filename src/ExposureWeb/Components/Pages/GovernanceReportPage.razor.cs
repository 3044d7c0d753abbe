using System.Globalization;
using ExposureWeb.Api;
using ExposureWeb.Auth;
using ExposureWeb.Components.Governance;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Engine.Snapshots;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// One governance impact report as the reader may see it (their portfolios only; another user's what-if is "not found"):
/// the header pinned to the fork's block and the calls' hash, what changed since the previous run, the health factors
/// and the liquidation-price shift charted, the portfolios table, and the Markdown export rendered in the page.
/// </summary>
public sealed partial class GovernanceReportPage : IDisposable
{
    private ReportView? _view;
    private bool _notFound;
    private string _markdownHtml = "";
    private DateTimeOffset _now;
    private ITimer? _clock;
    private int? _loadedId;

    [Parameter, EditorRequired]
    public int Id { get; set; }

    [Inject] private GovernanceReports Reports { get; set; } = default!;
    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _now = Time.GetUtcNow();
        if (_loadedId == Id) return;
        _loadedId = Id;
        var userId = await User.IdAsync();
        var ids = (await Portfolios.ListAsync(userId)).Select(p => p.Portfolio.Id).ToList();
        _view = await Reports.GetAsync(Id, userId, ids, CancellationToken.None);
        _notFound = _view is null;
        // The page shows the same text the Markdown download gives, rendered with HTML off.
        _markdownHtml = _view is null ? "" : GovernanceMarkdown.ToHtml(GovernanceExport.Markdown(_view, _now));
    }

    // The time left before execution counts down with the circuit's clock (prerendering has none).
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || _clock is not null) return;
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(() => { _now = Time.GetUtcNow(); StateHasChanged(); }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private string ExportUrl(string format) => $"/api/governance/reports/{Id}?format={format}";

    private static string Raw(double? value) => value switch
    {
        null => "",
        { } v when double.IsPositiveInfinity(v) => "inf",
        { } v => v.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Stress(StressCell? cell) => cell is null ? "—"
        : $"{Format.Usd(cell.PnlUsd)} (price {(cell.PriceMove * 100).ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture)}%, vol {(cell.VolMove * 100).ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture)}%)";

    public void Dispose() => _clock?.Dispose();
}
