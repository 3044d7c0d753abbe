using System.Globalization;
using ExposureWeb.Auth;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Engine.Stress;
using ExposureWeb.Live;
using ExposureWeb.Stress;
using Microsoft.AspNetCore.Components;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A portfolio's stress runs: start one, follow it live (progress and step arrive through the hub, via the feed), cancel it,
/// see and compare results, and keep schedules. Every command goes through <see cref="StressRunCommands"/>, the same
/// rules as the REST API.
/// </summary>
public sealed partial class StressPage : IDisposable
{
    private static readonly StressRunKind[] StartableKinds = [StressRunKind.MonteCarlo, StressRunKind.Grid, StressRunKind.Historical, StressRunKind.Correlated, StressRunKind.Cascade];

    private PortfolioAccess? _access;
    private bool _notFound;
    private List<StressRunView> _runs = [];
    private IReadOnlyList<StressScheduleView> _schedules = [];
    private readonly List<long> _compare = [];
    private long? _shown;
    private bool _starting;
    private IReadOnlyDictionary<string, string> _startErrors = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> _scheduleErrors = new Dictionary<string, string>();
    private readonly StartForm _form = new();
    private ScheduleForm _schedule = new();
    private int? _editing;
    private IDisposable? _updates;
    private int? _subscribedId;

    [Parameter, EditorRequired]
    public int Id { get; set; }

    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private StressRunCommands Commands { get; set; } = default!;
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
        _updates?.Dispose();
        _subscribedId = Id;
        // Not awaited by the feed: a circuit reading the database must not hold up the process's one hub connection
        // (nor its stop, when a run ends while the app shuts down).
        _updates = Feed.SubscribeStressRuns(Id, p =>
        {
            _ = InvokeAsync(async () =>
            {
                try
                {
                    await OnProgressAsync(p);
                    StateHasChanged();
                }
                catch (Exception ex)
                {
                    await DispatchExceptionAsync(ex);
                }
            });
            return Task.CompletedTask;
        });
        // A run that ended between the first read and the subscription: read once more.
        _ = InvokeAsync(async () =>
        {
            await LoadAsync(await User.IdAsync());
            StateHasChanged();
        });
    }

    private async Task OnProgressAsync(StressRunProgress p)
    {
        int index = _runs.FindIndex(r => r.Id == p.RunId);
        bool ended = p.State is not (StressRunState.Queued or StressRunState.Running);
        if (index < 0 || ended)
        {
            // A new run (another user's, or a schedule's) or an end: the row holds the result.
            var outcome = await Commands.GetAsync(await User.IdAsync(), p.RunId, CancellationToken.None);
            if (outcome.Value is not { } fresh) return;
            if (index < 0) _runs.Insert(0, fresh);
            else _runs[index] = fresh;
            if (ended && fresh.Result is not null && _shown is null) _shown = fresh.Id;
            return;
        }
        // Progress of a run we hold: never step back over a later state.
        if (_runs[index].IsOpen) _runs[index] = _runs[index].With(p);
    }

    private async Task LoadAsync(int userId)
    {
        var runs = await Commands.ListAsync(userId, Id, withResults: true, CancellationToken.None);
        _runs = runs.Value?.ToList() ?? [];
        var schedules = await Commands.ListSchedulesAsync(userId, Id, CancellationToken.None);
        _schedules = schedules.Value ?? [];
    }

    private StressRunView? Find(long id) => _runs.FirstOrDefault(r => r.Id == id);

    private static string KindLabel(StressRunKind kind) => kind switch
    {
        StressRunKind.MonteCarlo => "Monte Carlo VaR",
        StressRunKind.Grid => "Deribit grid",
        StressRunKind.Historical => "Historical shocks",
        StressRunKind.Correlated => "Correlated shock",
        StressRunKind.Cascade => "Liquidation cascade",
        _ => kind.ToString(),
    };

    private async Task StartAsync()
    {
        _starting = true;
        try
        {
            var outcome = await Commands.StartAsync(await User.IdAsync(), Id, _form.Kind, _form.ToJson(), CancellationToken.None);
            _startErrors = outcome.Errors ?? (outcome.Message is { } m ? new Dictionary<string, string> { ["run"] = m } : new Dictionary<string, string>());
            if (outcome.Value is { } run && _runs.All(r => r.Id != run.Id)) _runs.Insert(0, run);
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task CancelAsync(long runId)
    {
        var outcome = await Commands.CancelAsync(await User.IdAsync(), runId, CancellationToken.None);
        if (outcome.Value is { } run && _runs.FindIndex(r => r.Id == runId) is var i and >= 0) _runs[i] = run;
    }

    private void Show(long runId)
    {
        _compare.Clear();
        _shown = runId;
    }

    private void ToggleCompare(long runId, ChangeEventArgs e)
    {
        if (e.Value is true)
        {
            if (!_compare.Contains(runId)) _compare.Add(runId);
            if (_compare.Count > 2) _compare.RemoveAt(0);
        }
        else
        {
            _compare.Remove(runId);
        }
    }

    private async Task SaveScheduleAsync()
    {
        var userId = await User.IdAsync();
        var input = new StressScheduleInput(_schedule.Name, _schedule.Kind, null, _schedule.Cron, _schedule.TimeZone, _schedule.Enabled);
        var outcome = _editing is { } id
            ? await Commands.UpdateScheduleAsync(userId, Id, id, input, CancellationToken.None)
            : await Commands.CreateScheduleAsync(userId, Id, input, CancellationToken.None);
        _scheduleErrors = outcome.Errors ?? (outcome.Message is { } m ? new Dictionary<string, string> { ["schedule"] = m } : new Dictionary<string, string>());
        if (outcome.Access == StressAccess.Done)
        {
            _editing = null;
            _schedule = new ScheduleForm();
            _schedules = (await Commands.ListSchedulesAsync(userId, Id, CancellationToken.None)).Value ?? [];
        }
    }

    private void Edit(StressScheduleView s)
    {
        _editing = s.Id;
        _scheduleErrors = new Dictionary<string, string>();
        _schedule = new ScheduleForm { Name = s.Name, Kind = s.Kind, Cron = s.Cron, TimeZone = s.TimeZone, Enabled = s.Enabled };
    }

    private void CancelEdit()
    {
        _editing = null;
        _schedule = new ScheduleForm();
        _scheduleErrors = new Dictionary<string, string>();
    }

    private async Task DeleteScheduleAsync(int scheduleId)
    {
        var userId = await User.IdAsync();
        await Commands.DeleteScheduleAsync(userId, Id, scheduleId, CancellationToken.None);
        if (_editing == scheduleId) CancelEdit();
        _schedules = (await Commands.ListSchedulesAsync(userId, Id, CancellationToken.None)).Value ?? [];
    }

    private async Task TriggerAsync(int scheduleId)
    {
        var outcome = await Commands.TriggerScheduleAsync(await User.IdAsync(), Id, scheduleId, CancellationToken.None);
        _scheduleErrors = outcome.Errors ?? new Dictionary<string, string>();
    }

    public void Dispose() => _updates?.Dispose();

    private sealed class StartForm
    {
        public StressRunKind Kind { get; set; } = StressRunKind.MonteCarlo;
        public int? Paths { get; set; } = StressRunParameters.DefaultPaths;
        public double? ConfidencePercent { get; set; } = StressRunParameters.DefaultConfidence * 100;
        public double? HorizonDays { get; set; } = StressRunParameters.DefaultHorizonDays;
        public long? Seed { get; set; } = (long)StressRunParameters.DefaultSeed;
        public string? Driver { get; set; } = StressRunParameters.DefaultDriver;
        public double? DriverMovePercent { get; set; } = StressRunParameters.DefaultDriverMove * 100;
        public string? Correlation { get; set; } = "";
        public string? Quote { get; set; } = StressRunParameters.DefaultQuote;
        public int? FeeTier { get; set; } = StressRunParameters.DefaultFeeTier;
        public int? MaxRounds { get; set; } = StressRunParameters.DefaultMaxRounds;
        public double? ExtraSoldPerRound { get; set; } = 0;

        public string ToJson() => (Kind switch
        {
            StressRunKind.MonteCarlo => new StressRunParameters
            {
                Paths = Paths,
                Confidence = ConfidencePercent / 100,
                HorizonDays = HorizonDays,
                Seed = Seed is { } s and >= 0 ? (ulong)s : null,
                Correlation = string.IsNullOrEmpty(Correlation) ? null : Correlation,
            },
            StressRunKind.Correlated => new StressRunParameters
            {
                Driver = Driver,
                DriverMove = DriverMovePercent / 100,
                Correlation = string.IsNullOrEmpty(Correlation) ? null : Correlation,
            },
            StressRunKind.Cascade => new StressRunParameters
            {
                Driver = Driver,
                DriverMove = DriverMovePercent / 100,
                Quote = Quote,
                FeeTier = FeeTier,
                MaxRounds = MaxRounds,
                ExtraSoldPerRound = ExtraSoldPerRound,
            },
            _ => new StressRunParameters(),
        }).ToJson();
    }

    private sealed class ScheduleForm
    {
        public string? Name { get; set; }
        public StressRunKind Kind { get; set; } = StressRunKind.MonteCarlo;
        public string? Cron { get; set; } = "0 6 * * *";
        public string? TimeZone { get; set; } = "UTC";
        public bool Enabled { get; set; } = true;
    }
}
