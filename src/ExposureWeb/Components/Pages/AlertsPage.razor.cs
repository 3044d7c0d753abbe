using ExposureWeb.Api;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Live;
using ExposureWeb.Risk.Alerts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A portfolio's alerts: its rules with their instances' state counts, every instance with its state and history, and
/// export/import. Instances come from the stored states; when the hub says some changed (through the feed) the page reads
/// them again.
/// </summary>
public sealed partial class AlertsPage : IDisposable
{
    /// <summary>An export file larger than this is refused before it is read.</summary>
    private const long MaxImportBytes = 2 * 1024 * 1024;

    private PortfolioAccess? _access;
    private bool _notFound;
    private IReadOnlyList<StoredAlertRule> _rules = [];
    private IReadOnlyList<AlertInstanceView> _instances = [];
    private ILookup<long, AlertTransitionEntry> _history = Array.Empty<AlertTransitionEntry>().ToLookup(t => t.InstanceId);
    private readonly HashSet<long> _open = [];
    private IDisposable? _alertUpdates;
    private int? _subscribedId;
    private bool _importing;
    private string? _importMessage;
    private IReadOnlyList<ApiImportError> _importErrors = [];

    [Parameter, EditorRequired]
    public int Id { get; set; }

    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private AlertRuleStore Rules { get; set; } = default!;
    [Inject] private AlertHistoryStore HistoryStore { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ExposureFeed Feed { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var userId = await User.IdAsync();
        _access = await Portfolios.FindAsync(userId, Id);
        _notFound = _access is null;
        if (_access is not null) await LoadAsync(userId);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (_access is null || _subscribedId == Id) return;
        _alertUpdates?.Dispose();
        _subscribedId = Id;
        _alertUpdates = Feed.SubscribePortfolioAlerts(Id, _ => InvokeAsync(async () =>
        {
            try
            {
                await LoadAsync(await User.IdAsync());
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
    }

    private async Task LoadAsync(int userId)
    {
        _rules = await Rules.ListForPortfolioAsync(userId, Id) ?? [];
        _instances = (await HistoryStore.InstancesAsync(userId, Id) ?? []).Select(AlertViews.Instance).ToList();
        _history = (await HistoryStore.TransitionsOfPortfolioAsync(userId, Id) ?? []).ToLookup(t => t.InstanceId);
    }

    private IReadOnlyList<AlertTransitionEntry> History(long instanceId) => _history[instanceId].ToList();

    /// <summary>The settings page with a silence form prefilled for this instance: its rule, portfolio and series.</summary>
    private string SilenceLink(AlertInstanceView i) =>
        $"/workspaces/{_access!.Portfolio.WorkspaceId}/alert-settings?rule={Uri.EscapeDataString(i.RuleName)}&portfolio={Uri.EscapeDataString(_access.Portfolio.Name)}&series={Uri.EscapeDataString(i.Label)}";

    private void Toggle(long instanceId)
    {
        if (!_open.Remove(instanceId)) _open.Add(instanceId);
    }

    private IEnumerable<(AlertState State, int Count)> StateCounts(int ruleId) =>
        _instances.Where(i => i.RuleId == ruleId).GroupBy(i => i.State).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()));

    private static string ScopeText(AlertRuleDefinition d) => d.Scope switch
    {
        AlertScope.Underlying => $"underlying {d.Underlying}",
        AlertScope.Position => $"position {d.PositionId}",
        _ => d.Scope.ToString().ToLowerInvariant(),
    };

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _importing = true;
        try
        {
            if (file.Size > MaxImportBytes)
            {
                (_importMessage, _importErrors) = ($"{file.Name} is larger than {MaxImportBytes / 1024 / 1024} MB; nothing was imported.", [new(0, AlertRuleBody.BodyField, "file too large")]);
                return;
            }
            using var reader = new StreamReader(file.OpenReadStream(MaxImportBytes));
            var (definitions, parseErrors) = AlertRuleBody.ParseMany(await reader.ReadToEndAsync());
            if (parseErrors.Count > 0)
            {
                (_importMessage, _importErrors) = ($"{file.Name} is not a valid alert rule export; nothing was imported.", parseErrors);
                return;
            }
            var userId = await User.IdAsync();
            var result = await Rules.ImportAsync(userId, Id, definitions);
            _importErrors = result.Errors.Select(e => new ApiImportError(e.Index, e.Error.Field, e.Error.Message)).ToList();
            _importMessage = result.Ok ? $"Imported {result.Saved.Count} rule(s) from {file.Name}." : $"{file.Name}: {result.Result.Error}";
            if (result.Ok) await LoadAsync(userId);
        }
        finally
        {
            _importing = false;
        }
    }

    public void Dispose() => _alertUpdates?.Dispose();
}
