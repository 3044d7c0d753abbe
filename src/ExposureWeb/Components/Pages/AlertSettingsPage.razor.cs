using System.Globalization;
using ExposureWeb.Auth;
using ExposureWeb.Data.Alerts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Risk.Alerts;
using ExposureWeb.Risk.ManualPositions;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A workspace's silences, mute timings and notification policy. Every verdict comes from the stores (which ask the
/// domain validators); the page only turns typed text into the definitions and shows each error beside its field.
/// </summary>
public partial class AlertSettingsPage
{
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    [Parameter, EditorRequired]
    public int WorkspaceId { get; set; }

    /// <summary>"Silence this" from the alerts page: the instance's rule, portfolio and series prefill the matchers.</summary>
    [SupplyParameterFromQuery(Name = "rule")] public string? PrefillRule { get; set; }
    [SupplyParameterFromQuery(Name = "portfolio")] public string? PrefillPortfolio { get; set; }
    [SupplyParameterFromQuery(Name = "series")] public string? PrefillSeries { get; set; }

    [Inject] private AlertSilenceStore Silences { get; set; } = default!;
    [Inject] private AlertMuteTimingStore Timings { get; set; } = default!;
    [Inject] private AlertPolicyStore Policies { get; set; } = default!;
    [Inject] private WorkspaceAccess Workspaces { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private string? _name;
    private bool _loaded;
    private bool _canEdit;
    private IReadOnlyList<AlertSilenceView> _silences = [];
    private IReadOnlyList<AlertMuteTimingView> _timings = [];
    private SilenceFields _silence = new();
    private TimingFields _timing = TimingFields.New();
    private int? _editingTiming;
    private PolicyFields _policy = new();
    private IReadOnlyList<FieldError> _silenceErrors = [];
    private IReadOnlyList<FieldError> _timingErrors = [];
    private IReadOnlyList<FieldError> _policyErrors = [];
    private string? _timingError;

    protected override async Task OnParametersSetAsync()
    {
        var userId = await User.IdAsync();
        _name = await Workspaces.NameAsync(userId, WorkspaceId);
        _canEdit = await Workspaces.RoleAsync(userId, WorkspaceId) >= WorkspaceRole.Editor;
        _silence = SilenceFields.Prefilled(PrefillRule, PrefillPortfolio, PrefillSeries);
        if (await Policies.GetAsync(userId, WorkspaceId) is { } policy) _policy = PolicyFields.From(policy);
        await ReloadAsync(userId);
        _loaded = true;
    }

    private async Task ReloadAsync(int userId)
    {
        _silences = await Silences.ListAsync(userId, WorkspaceId) ?? [];
        _timings = await Timings.ListAsync(userId, WorkspaceId) ?? [];
    }

    private string? SilenceError(string field) => Join(_silenceErrors, field);

    private string? TimingError(string field) => Join(_timingErrors, field);

    private string? PolicyError(string field) => Join(_policyErrors, field);

    private static string? Join(IReadOnlyList<FieldError> errors, string field) =>
        errors.Where(e => e.Field == field).Select(e => e.Message).ToList() is { Count: > 0 } found ? string.Join(" ", found) : null;

    // ---- silences ----

    private void AddMatcher() => _silence.Matchers.Add(new MatcherFields());

    private async Task CreateSilenceAsync()
    {
        var (definition, parseErrors) = _silence.ToDefinition(Time.GetUtcNow());
        if (parseErrors.Count > 0) { _silenceErrors = parseErrors; return; }
        var userId = await User.IdAsync();
        var result = await Silences.CreateAsync(userId, WorkspaceId, definition!);
        _silenceErrors = result.Forbidden ? [new(AlertSilenceField.Comment, result.Result.Error ?? "not allowed")] : result.Errors;
        if (!result.Ok) return;
        _silence = new SilenceFields();
        await ReloadAsync(userId);
    }

    private async Task ExpireAsync(AlertSilenceView silence)
    {
        var userId = await User.IdAsync();
        await Silences.ExpireAsync(userId, silence.Id);
        await ReloadAsync(userId);
    }

    // ---- mute timings ----

    private void AddWindow() => _timing.Intervals.Add(new WindowFields());

    private static void ToggleDay(WindowFields window, DayOfWeek day, bool on)
    {
        if (on) window.Days.Add(day);
        else window.Days.Remove(day);
    }

    private void NewTiming()
    {
        (_timing, _editingTiming, _timingErrors, _timingError) = (TimingFields.New(), null, [], null);
    }

    private void EditTiming(AlertMuteTimingView timing)
    {
        (_timing, _editingTiming, _timingErrors, _timingError) = (TimingFields.From(timing), timing.Id, [], null);
    }

    private async Task SaveTimingAsync()
    {
        var userId = await User.IdAsync();
        var definition = _timing.ToDefinition();
        var result = _editingTiming is { } id ? await Timings.UpdateAsync(userId, id, definition) : await Timings.CreateAsync(userId, WorkspaceId, definition);
        _timingErrors = result.Errors;
        _timingError = result.Forbidden || result.Result.NotFound ? result.Result.Error : null;
        if (!result.Ok) return;
        NewTiming();
        await ReloadAsync(userId);
    }

    private async Task DeleteTimingAsync(AlertMuteTimingView timing)
    {
        var userId = await User.IdAsync();
        var result = await Timings.DeleteAsync(userId, timing.Id);
        _timingError = result.Ok ? null : result.Errors.FirstOrDefault()?.Message ?? result.Result.Error;
        if (result.Ok && _editingTiming == timing.Id) NewTiming();
        await ReloadAsync(userId);
    }

    private static string DescribeWindow(AlertMuteInterval w) =>
        (w.Weekdays.Count == 0 ? "every day" : string.Join(", ", w.Weekdays.Select(d => d.ToString()[..3]))) + $" {w.Start}–{w.End}";

    // ---- policy ----

    private async Task SavePolicyAsync()
    {
        if (!_canEdit) return;
        var (policy, parseErrors) = _policy.ToPolicy();
        if (parseErrors.Count > 0) { _policyErrors = parseErrors; return; }
        var userId = await User.IdAsync();
        var result = await Policies.SetAsync(userId, WorkspaceId, policy!);
        _policyErrors = result.Errors;
        if (result.Ok) _policy = PolicyFields.From(result.Value!);
    }

    // ---- what the fields hold, as typed ----

    private sealed class MatcherFields
    {
        public string Label { get; set; } = AlertLabels.Rule;
        public string Op { get; set; } = AlertMatchOp.Equal;
        public string Value { get; set; } = "";
    }

    private sealed class SilenceFields
    {
        public List<MatcherFields> Matchers { get; } = [new()];
        public string StartsAt { get; set; } = "";
        public string Hours { get; set; } = "2";
        public string Comment { get; set; } = "";

        public static SilenceFields Prefilled(string? rule, string? portfolio, string? series)
        {
            var fields = new SilenceFields();
            if (string.IsNullOrEmpty(rule) && string.IsNullOrEmpty(series)) return fields;
            fields.Matchers.Clear();
            if (!string.IsNullOrEmpty(rule)) fields.Matchers.Add(new() { Label = AlertLabels.Rule, Value = rule });
            if (!string.IsNullOrEmpty(portfolio)) fields.Matchers.Add(new() { Label = AlertLabels.Portfolio, Value = portfolio });
            if (!string.IsNullOrEmpty(series)) fields.Matchers.Add(new() { Label = AlertLabels.Series, Value = series });
            return fields;
        }

        /// <summary>The definition, or the fields whose text is not a time or a number (the rest is the validator's to judge).</summary>
        public (AlertSilenceDefinition? Definition, IReadOnlyList<FieldError> Errors) ToDefinition(DateTimeOffset now)
        {
            var errors = new List<FieldError>();
            DateTimeOffset? starts = null;
            if (!string.IsNullOrWhiteSpace(StartsAt))
            {
                if (DateTimeOffset.TryParse(StartsAt.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) starts = parsed;
                else errors.Add(new(AlertSilenceField.StartsAt, $"\"{StartsAt}\" is not a time: write yyyy-MM-dd HH:mm (UTC), or leave it empty for now."));
            }
            if (!double.TryParse(Hours, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) || !double.IsFinite(hours) || Math.Abs(hours) > 1e6)
            {
                errors.Add(new(AlertSilenceField.EndsAt, $"\"{Hours}\" is not a number of hours, e.g. 2 or 0.5."));
            }
            if (errors.Count > 0) return (null, errors);
            return (new AlertSilenceDefinition
            {
                Matchers = Matchers.Select(m => new AlertSilenceMatcher(m.Label, m.Op, m.Value ?? "")).ToList(),
                StartsAt = starts,
                EndsAt = (starts ?? now) + TimeSpan.FromHours(hours),
                Comment = Comment ?? "",
            }, []);
        }
    }

    private sealed class WindowFields
    {
        public HashSet<DayOfWeek> Days { get; init; } = [];
        public string Start { get; set; } = "00:00";
        public string End { get; set; } = "24:00";
    }

    private sealed class TimingFields
    {
        public string Name { get; set; } = "";
        public string TimeZone { get; set; } = "UTC";
        public List<WindowFields> Intervals { get; init; } = [];

        public static TimingFields New() => new() { Intervals = [new() { Days = [DayOfWeek.Saturday, DayOfWeek.Sunday] }] };

        public static TimingFields From(AlertMuteTimingView t) => new()
        {
            Name = t.Name,
            TimeZone = t.TimeZone,
            Intervals = t.Intervals.Select(i => new WindowFields { Days = [.. i.Weekdays], Start = i.Start, End = i.End }).ToList(),
        };

        public AlertMuteTimingDefinition ToDefinition() => new()
        {
            Name = Name ?? "",
            TimeZone = TimeZone ?? "",
            Intervals = Intervals.Select(i => new AlertMuteInterval(Week.Where(i.Days.Contains).ToList(), i.Start ?? "", i.End ?? "")).ToList(),
        };
    }

    private sealed class PolicyFields
    {
        public string Repeat { get; set; } = "240";
        public string GroupWait { get; set; } = "0";
        public string GroupBy { get; set; } = "rule, portfolio";

        public static PolicyFields From(AlertNotificationPolicy p) => new()
        {
            Repeat = p.RepeatIntervalMinutes.ToString(CultureInfo.InvariantCulture),
            GroupWait = p.GroupWaitSeconds.ToString(CultureInfo.InvariantCulture),
            GroupBy = string.Join(", ", p.GroupBy),
        };

        public (AlertNotificationPolicy? Policy, IReadOnlyList<FieldError> Errors) ToPolicy()
        {
            var errors = new List<FieldError>();
            if (!int.TryParse(Repeat, NumberStyles.Integer, CultureInfo.InvariantCulture, out var repeat)) errors.Add(new(AlertNotificationPolicyRules.RepeatField, $"\"{Repeat}\" is not a whole number of minutes."));
            if (!int.TryParse(GroupWait, NumberStyles.Integer, CultureInfo.InvariantCulture, out var wait)) errors.Add(new(AlertNotificationPolicyRules.GroupWaitField, $"\"{GroupWait}\" is not a whole number of seconds."));
            if (errors.Count > 0) return (null, errors);
            var labels = (GroupBy ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            return (new AlertNotificationPolicy { RepeatIntervalMinutes = repeat, GroupWaitSeconds = wait, GroupBy = labels }, []);
        }
    }
}
