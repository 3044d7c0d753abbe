using ExposureWeb.Auth;
using ExposureWeb.Components.Alerts;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Engine.Alerts;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Live;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// The rule builder: every field judged by <see cref="AlertRuleValidator"/> as it is typed (errors beside their fields),
/// nothing saved while any remains, and a live preview of the rule against the portfolio's current snapshot as the feed
/// serves it (<see cref="AlertPreview"/>, the engine's own thresholds).
/// </summary>
public sealed partial class AlertRuleBuilderPage : IDisposable
{
    /// <summary>Errors of these fields stop the preview; the others (name, destinations …) do not change what would fire.</summary>
    private static readonly string[] PreviewBlockers = [AlertRuleField.Metric, AlertRuleField.Scope, AlertRuleField.Underlying, AlertRuleField.PositionId, AlertRuleField.Condition, AlertRuleField.Thresholds, AlertRuleField.Level];

    /// <summary>Phones show a keypad with '.' and '-'.</summary>
    private const InputMode DecimalKeyboard = InputMode.@decimal;
    private const string NoDataKey = "noData";
    private const string EnabledKey = "enabled";

    private AlertRuleFields _fields = AlertRuleFields.New();
    private IReadOnlyList<FieldError> _errors = [];
    private readonly HashSet<string> _touched = [];
    private readonly Dictionary<string, MudTextField<string>> _inputs = [];
    private MudNumericField<int>? _pendingBlocks;
    private MudNumericField<int>? _keepBlocks;
    private bool _showAll;
    private bool _loaded;
    private bool _notFound;
    private bool _canEdit;
    private bool _saving;
    private string? _saveError;
    private int? _portfolioId;
    private int? _workspaceId;
    private IReadOnlyList<AlertDestinationView> _destinations = [];
    private IReadOnlyList<AlertMuteTimingView> _muteTimings = [];
    private ExposureSnapshot? _snapshot;
    private IReadOnlyList<AlertPreviewRow> _preview = [];
    private string? _previewProblem;
    private IDisposable? _snapshotUpdates;
    private int? _subscribedId;
    private bool _focusFirstError;

    /// <summary>The portfolio a new rule is created under (the "new" route).</summary>
    [Parameter]
    public int? PortfolioId { get; set; }

    /// <summary>The rule being edited (the edit route).</summary>
    [Parameter]
    public int? RuleId { get; set; }

    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private AlertRuleStore Rules { get; set; } = default!;
    [Inject] private AlertDestinationStore Destinations { get; set; } = default!;
    [Inject] private AlertMuteTimingStore MuteTimings { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private ExposureFeed Feed { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private AlertMetricInfo Info => AlertMetrics.Describe(_fields.Metric);

    protected override async Task OnParametersSetAsync()
    {
        var userId = await User.IdAsync();
        _loaded = false;
        if (RuleId is { } ruleId)
        {
            if (await Rules.FindAsync(userId, ruleId) is not { } found) { _notFound = true; return; }
            _fields = AlertRuleFields.From(found.Rule.Definition);
            _canEdit = found.Role >= Data.Entities.WorkspaceRole.Editor;
            _workspaceId = found.Rule.Rule.WorkspaceId;
            _portfolioId = found.Rule.Rule.PortfolioId;
        }
        else if (PortfolioId is { } portfolioId)
        {
            if (await Portfolios.FindAsync(userId, portfolioId) is not { } access) { _notFound = true; return; }
            _canEdit = access.CanEdit;
            _workspaceId = access.Portfolio.WorkspaceId;
            _portfolioId = portfolioId;
        }
        _destinations = _workspaceId is { } ws ? await Destinations.ListAsync(userId, ws) ?? [] : [];
        _muteTimings = _workspaceId is { } w ? await MuteTimings.ListAsync(userId, w) ?? [] : [];
        if (_portfolioId is { } pid) _snapshot = Feed.Latest(pid)?.Snapshot;
        _loaded = true;
        Recompute();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_loaded && _portfolioId is { } pid && _subscribedId != pid)
        {
            _snapshotUpdates?.Dispose();
            _subscribedId = pid;
            _snapshotUpdates = Feed.SubscribePortfolio(pid, live => InvokeAsync(() =>
            {
                _snapshot = live.Snapshot;
                Recompute();
                StateHasChanged();
            }));
        }
        if (firstRender && _inputs.TryGetValue(AlertRuleField.Name, out var name) && _canEdit) await name.FocusAsync();
        if (_focusFirstError)
        {
            _focusFirstError = false;
            await FocusFirstErrorAsync();
        }
    }

    private bool Shows(string field) => (_showAll || _touched.Contains(field) || (field == AlertRuleField.Thresholds && _touched.Any(t => t.StartsWith("thresholds", StringComparison.Ordinal))))
        && _errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) => Shows(field) ? string.Join(" ", _errors.Where(e => e.Field == field).Select(e => e.Message)) : null;

    private void Set(string field, Action change)
    {
        change();
        _touched.Add(field);
        _saveError = null;
        Recompute();
    }

    private void OnMetricChanged(AlertMetric metric) => Set(AlertRuleField.Metric, () => { _fields.Metric = metric; _fields.OnMetricChanged(); });

    private void OnConditionChanged(AlertCondition condition) => Set(AlertRuleField.Condition, () =>
    {
        _fields.Condition = condition;
        foreach (var t in _fields.Thresholds) t.SuggestRecovery(condition);
    });

    private void OnThresholdValueChanged(int index, string value) => Set(AlertRuleField.ThresholdValue(index), () =>
    {
        _fields.Thresholds[index].Value = value;
        _fields.Thresholds[index].SuggestRecovery(_fields.Condition);
    });

    private void OnRecoveryChanged(int index, string value) => Set(AlertRuleField.ThresholdRecovery(index), () =>
    {
        _fields.Thresholds[index].Recovery = value;
        _fields.Thresholds[index].RecoveryEdited = true;
    });

    private void AddThreshold() => Set(AlertRuleField.Thresholds, () =>
    {
        // The next severity up, further out than the last: warning → critical.
        var last = _fields.Thresholds.LastOrDefault();
        var severity = last is null ? AlertSeverity.Warning : (AlertSeverity)Math.Min((int)AlertSeverity.Critical, (int)last.Severity + 1);
        if (_fields.Thresholds.Any(t => t.Severity == severity)) severity = Enum.GetValues<AlertSeverity>().First(s => _fields.Thresholds.All(t => t.Severity != s));
        var lastValue = last is null ? 1.5 : AlertRuleFields.Number(last.Value);
        var next = double.IsFinite(lastValue) ? lastValue * (_fields.Condition == AlertCondition.Below ? 0.8 : 1.25) : 0;
        _fields.Thresholds.Add(ThresholdFields.Suggested(severity, Math.Round(next, 6), _fields.Condition));
    });

    private void RemoveThreshold(int index) => Set(AlertRuleField.Thresholds, () => _fields.Thresholds.RemoveAt(index));

    private void ToggleDestination(int id, bool on) => Set(AlertRuleField.Destinations, () =>
    {
        if (on) _fields.DestinationIds.Add(id);
        else _fields.DestinationIds.Remove(id);
    });

    private void ToggleMuteTiming(int id, bool on) => Set(AlertRuleField.MuteTimings, () =>
    {
        if (on) _fields.MuteTimingIds.Add(id);
        else _fields.MuteTimingIds.Remove(id);
    });

    private Task<IEnumerable<string>> SearchUnderlyingsAsync(string? text, CancellationToken ct)
    {
        var all = _snapshot?.Assets.Select(a => a.Underlying).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        return Task.FromResult(string.IsNullOrWhiteSpace(text) ? all : all.Where(u => u.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    private IEnumerable<PositionRow> Positions()
    {
        var positions = _snapshot?.Positions ?? [];
        // A rule's position that is not in the snapshot now still shows, so the select keeps its value.
        if (_fields.PositionId is { Length: > 0 } id && positions.All(p => p.Id != id)) return [.. positions, new PositionRow(id, "not in the current snapshot", "", id, "", null)];
        return positions;
    }

    private void Recompute()
    {
        var definition = _fields.ToDefinition();
        _errors = AlertRuleValidator.Validate(definition);
        if (_snapshot is null) { _preview = []; _previewProblem = null; return; }
        if (_errors.Any(e => PreviewBlockers.Contains(e.Field) || e.Field.StartsWith("thresholds", StringComparison.Ordinal)))
        {
            _preview = [];
            _previewProblem = "Complete the metric, scope and thresholds to see what the rule would say now.";
            return;
        }
        _previewProblem = null;
        _preview = AlertPreview.Evaluate(definition, _snapshot);
    }

    private async Task SaveAsync()
    {
        if (_saving || !_canEdit) return;
        _saving = true;
        try
        {
            Recompute();
            if (_errors.Count > 0)
            {
                _showAll = true;
                _focusFirstError = true;
                return;
            }
            var userId = await User.IdAsync();
            var definition = _fields.ToDefinition();
            var saved = RuleId is { } ruleId ? await Rules.UpdateAsync(userId, ruleId, definition) : await Rules.CreateAsync(userId, _portfolioId!.Value, definition);
            if (!saved.Ok)
            {
                // The store's own verdict (a destination of another workspace, a narrowed workspace rule …) or a refusal.
                _errors = saved.Errors;
                _showAll = true;
                _focusFirstError = saved.Errors.Count > 0;
                _saveError = saved.Errors.Count == 0 ? saved.Result.Error : null;
                return;
            }
            Snackbar.Add($"Saved \"{saved.Saved!.Rule.Name}\".", Severity.Success);
            Navigation.NavigateTo(_portfolioId is { } pid ? $"/portfolios/{pid}/alerts" : "/");
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task DeleteAsync()
    {
        if (RuleId is not { } ruleId) return;
        var result = await Rules.DeleteAsync(await User.IdAsync(), ruleId);
        if (!result.Ok) { _saveError = result.Error; return; }
        Snackbar.Add("Rule deleted.", Severity.Info);
        Navigation.NavigateTo(_portfolioId is { } pid ? $"/portfolios/{pid}/alerts" : "/");
    }

    private async Task FocusFirstErrorAsync()
    {
        foreach (var error in _errors)
        {
            if (_inputs.TryGetValue(error.Field, out var input)) { await input.FocusAsync(); return; }
            if (error.Field == AlertRuleField.PendingFor && _pendingBlocks is not null) { await _pendingBlocks.FocusAsync(); return; }
            if (error.Field == AlertRuleField.KeepFiringFor && _keepBlocks is not null) { await _keepBlocks.FocusAsync(); return; }
        }
    }

    public void Dispose() => _snapshotUpdates?.Dispose();
}
