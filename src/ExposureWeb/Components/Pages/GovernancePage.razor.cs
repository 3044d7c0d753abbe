using ExposureWeb.Auth;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Governance;
using ExposureWeb.Engine.Governance;
using ExposureWeb.Risk.Governance;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A chain's governance: the last scan and a "Scan now", the proposals with their state, ETA (counting down) and what
/// they do to the reader's portfolios, the parameter changes detected between snapshots, and a what-if form. Everything
/// comes from <see cref="GovernanceReports"/> limited to the reader's portfolios; a finished scan (recurring or not) is
/// noticed by its stored state and the page reads the overview again.
/// </summary>
public sealed partial class GovernancePage : IDisposable
{
    /// <summary>How often the page asks whether a scan finished (one small query).</summary>
    private static readonly TimeSpan ScanStatePoll = TimeSpan.FromSeconds(3);

    private IReadOnlyList<string> _chains = [];
    private string? _chain;
    private GovernanceOverview? _overview;
    private IReadOnlyList<PortfolioAccess> _portfolios = [];
    private DateTimeOffset _now;
    private DateTimeOffset _lastStatePoll;
    private ITimer? _clock;
    private bool _scanning;
    private string? _scanMessage;
    private Severity _scanSeverity = Severity.Info;
    private string _whatIf = "";
    private IReadOnlyList<WhatIfError> _whatIfErrors = [];
    private string? _whatIfFailure;
    private bool _running;
    private bool _polling;
    private readonly CancellationTokenSource _disposed = new();

    [Inject] private ChainRegistry Chains { get; set; } = default!;
    [Inject] private GovernanceReports Reports { get; set; } = default!;
    [Inject] private GovernanceStore Store { get; set; } = default!;
    [Inject] private GovernanceScanService Scans { get; set; } = default!;
    [Inject] private WhatIfService WhatIf { get; set; } = default!;
    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IHostApplicationLifetime Lifetime { get; set; } = default!;

    private string WhatIfErrorText => string.Join(" · ", _whatIfErrors.Select(e => _whatIfErrors.Count > 1 || e.Line > 1 ? $"change {e.Line}: {e.Message}" : e.Message));

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow();
        _chains = GovernedChains();
        _chain = _chains.FirstOrDefault();
        _portfolios = await Portfolios.ListAsync(await User.IdAsync());
        await LoadOverviewAsync();
    }

    // The clock starts with the circuit (prerendering has none): the countdowns tick, and a finished scan is noticed.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _clock = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task TickAsync()
    {
        _now = Time.GetUtcNow();
        if (!_polling && _now - _lastStatePoll >= ScanStatePoll)
        {
            _polling = true;
            _lastStatePoll = _now;
            try
            {
                if (_chains.Count == 0 && GovernedChains() is { Count: > 0 } registered)
                {
                    // The dev chain registers once deployed: it may come after the page.
                    _chains = registered;
                    _chain = registered[0];
                    await LoadOverviewAsync();
                }
                else if (_chain is { } chain && await Store.ScanStateAsync(chain, _disposed.Token) is { } state
                    && (state.LastScanAt != _overview?.LastScanAt || state.LastError != _overview?.LastError || state.ScanCount != _overview?.ScanCount))
                {
                    await LoadOverviewAsync();
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
            finally
            {
                _polling = false;
            }
        }
        StateHasChanged();
    }

    private List<string> GovernedChains() => Chains.All.Where(c => c.AaveV3 is not null || c.Governance is not null).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    private async Task LoadOverviewAsync()
    {
        if (_chain is not { } chain) return;
        var ids = _portfolios.Select(p => p.Portfolio.Id).ToList();
        var overview = await Reports.OverviewAsync(chain, ids, _disposed.Token);
        // A chain picked meanwhile wins over a slow read of the previous one.
        if (chain == _chain) _overview = overview;
    }

    private async Task SelectChainAsync(string chain)
    {
        _chain = chain;
        _overview = null;
        _scanMessage = null;
        _whatIfErrors = [];
        _whatIfFailure = null;
        await LoadOverviewAsync();
    }

    private async Task ScanNowAsync()
    {
        if (_scanning || _chain is not { } chain) return;
        _scanning = true;
        _scanMessage = null;
        try
        {
            // The scan belongs to the chain, not to this page: it runs to its end even if the reader leaves.
            var result = await Task.Run(() => Scans.ScanAsync(chain, Lifetime.ApplicationStopping));
            (_scanMessage, _scanSeverity) = result.Skipped
                ? ("Scan skipped: a scan is already running. Its results show here when it finishes.", Severity.Info)
                : ($"Scanned block {Format.Block(result.Block)}: {Plural(result.Changes.Count, "parameter change")}, {Plural(result.ProposalsSeen, "proposal")} checked, {Plural(result.ReportIds.Count, "new report")}.", Severity.Success);
        }
        catch (OperationCanceledException)
        {
            (_scanMessage, _scanSeverity) = ("The scan was stopped: the app is shutting down.", Severity.Warning);
        }
        catch (Exception ex)
        {
            // The scan stored its error; the page keeps what earlier scans found.
            (_scanMessage, _scanSeverity) = ($"The scan failed: {ex.Message}", Severity.Error);
        }
        finally
        {
            _scanning = false;
        }
        if (!_disposed.IsCancellationRequested && chain == _chain) await LoadOverviewAsync();
    }

    private void OnWhatIfChanged(string? text)
    {
        _whatIf = text ?? "";
        _whatIfErrors = [];
        _whatIfFailure = null;
    }

    private async Task RunWhatIfAsync()
    {
        if (_running || _chain is not { } chain) return;
        _whatIfFailure = null;
        if (string.IsNullOrWhiteSpace(_whatIf))
        {
            _whatIfErrors = [new WhatIfError(1, "type a change, e.g. \"WETH liquidation threshold 78%\"")];
            return;
        }
        _running = true;
        try
        {
            var userId = await User.IdAsync();
            var ids = _portfolios.Where(p => p.Portfolio.ChainName == chain).Select(p => p.Portfolio.Id).ToList();
            var text = _whatIf;
            var outcome = await Task.Run(() => WhatIf.RunAsync(chain, text, userId, ids, null, _disposed.Token));
            if (outcome.Errors.Count > 0)
            {
                _whatIfErrors = outcome.Errors;
                return;
            }
            Navigation.NavigateTo($"/governance/reports/{outcome.ReportId}");
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The reader left: nothing to show.
        }
        catch (Exception ex)
        {
            _whatIfFailure = $"The what-if could not be simulated: {ex.Message}";
        }
        finally
        {
            _running = false;
        }
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    public void Dispose()
    {
        _clock?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
