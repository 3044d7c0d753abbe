using System.Globalization;
using System.Text.Json;
using ExposureWeb.Api;
using ExposureWeb.Auth;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using ExposureWeb.Data.Strategies;
using ExposureWeb.Engine.Snapshots;
using ExposureWeb.Engine.Strategies;
using ExposureWeb.Live;
using ExposureWeb.Risk.ManualPositions;
using ExposureWeb.Risk.Strategies;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// A portfolio's strategies: each with its verdict at the latest block (from the hub's snapshots), a keyboard-friendly
/// form with the validator's inline errors, and for a breached one the proposal (from the REST API) with a button that
/// has the connected wallet send its transactions (EIP-1193 <c>eth_sendTransaction</c>).
/// </summary>
public sealed partial class StrategiesPage : IAsyncDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Parameter, EditorRequired] public int Id { get; set; }

    [Inject] private UserPortfolios Portfolios { get; set; } = default!;
    [Inject] private CurrentUser User { get; set; } = default!;
    [Inject] private StrategyStore Store { get; set; } = default!;
    [Inject] private ChainRegistry Chains { get; set; } = default!;
    [Inject] private ExposureFeed Feed { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private PortfolioAccess? _access;
    private bool _notFound, _interactive, _signing;
    private IReadOnlyList<StoredStrategy> _strategies = [];
    private ExposureSnapshot? _snapshot;
    private IDisposable? _updates;
    private IJSObjectReference? _module;
    private StrategyProposal? _proposal;
    private string? _proposalError, _signStatus, _formError;
    private List<string> _hashes = [];
    private ulong? _waitForBlock;

    // The form.
    private int? _editingId;
    private string _name = "";
    private StrategyKind _kind = StrategyKind.DeltaBand;
    private string _underlying = "ETH", _low = "-5", _high = "5", _pair = "USDC", _feeTier = "500", _market = "ETH/USD", _floor = "1.5", _target = "1.6", _cap = "1000";
    private BandUnit _unit = BandUnit.Units;
    private HedgeVenue _venue = HedgeVenue.UniswapSwap;
    private IReadOnlyList<FieldError> _errors = [];

    protected override async Task OnParametersSetAsync()
    {
        var userId = await User.IdAsync();
        _access = await Portfolios.FindAsync(userId, Id);
        _notFound = _access is null;
        if (_access is null) return;
        _strategies = await Store.ListAsync(userId, Id) ?? [];
        _snapshot = Feed.Latest(Id)?.Snapshot;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _access is null) return;
        _module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/strategies.js");
        _updates = Feed.SubscribePortfolio(Id, live => InvokeAsync(async () =>
        {
            try
            {
                _snapshot = live.Snapshot;
                if (_waitForBlock is { } b && _snapshot is { } s && s.BlockNumber > b)
                {
                    _waitForBlock = null;
                    var breached = s.Strategies.Where(x => x.Breached).Select(x => x.Name).ToList();
                    _signStatus = $"re-evaluated at block {s.BlockNumber}: " + (breached.Count == 0 ? "every strategy within its limits" : "still breached: " + string.Join(", ", breached));
                }
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        }));
        _interactive = true;
        StateHasChanged();
    }

    private StrategyStatus? StatusOf(int strategyId) => _snapshot?.Strategies.FirstOrDefault(s => s.StrategyId == strategyId);

    private bool Shows(string field) => _errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private async Task ShowProposalAsync(int strategyId)
    {
        _proposal = null;
        _proposalError = null;
        _signStatus = null;
        _hashes = [];
        if (_module is null) return;
        var answer = await _module.InvokeAsync<JsonElement>("proposal", strategyId);
        if (!answer.GetProperty("ok").GetBoolean()) _proposalError = "The proposal could not be loaded: " + answer.GetProperty("error").GetString();
        else if (answer.GetProperty("proposal").ValueKind != JsonValueKind.String) _proposalError = "Not breached any more: no proposal.";
        else _proposal = JsonSerializer.Deserialize<StrategyProposal>(answer.GetProperty("proposal").GetString()!, StrategyJson.Options);
    }

    private async Task SignAsync()
    {
        if (_module is null || _proposal is null) return;
        _signing = true;
        _signStatus = "waiting for the wallet…";
        try
        {
            var answer = await _module.InvokeAsync<JsonElement>("send", JsonSerializer.Serialize(_proposal.Transactions, StrategyJson.Options));
            _hashes = answer.GetProperty("hashes").EnumerateArray().Select(h => h.GetString() ?? "").ToList();
            if (!answer.GetProperty("ok").GetBoolean())
            {
                _signStatus = "Not sent: " + answer.GetProperty("error").GetString();
                return;
            }
            var block = answer.GetProperty("block").GetUInt64();
            _waitForBlock = block;
            _signStatus = $"mined in block {block}; waiting for the next block's re-evaluation…";
        }
        finally
        {
            _signing = false;
        }
    }

    private void New()
    {
        _editingId = null;
        _name = "";
        _errors = [];
        _formError = null;
    }

    private void Edit(StoredStrategy s)
    {
        _editingId = s.Row.Id;
        _name = s.Row.Name;
        _kind = s.Row.Kind;
        _errors = [];
        _formError = null;
        switch (s.Definition)
        {
            case DeltaBandDefinition d:
                (_underlying, _low, _high, _unit, _venue) = (d.Underlying, N(d.Low), N(d.High), d.Unit, d.Hedge.Venue);
                (_pair, _feeTier, _market) = (d.Hedge.PairToken ?? "", d.Hedge.FeeTier?.ToString(Invariant) ?? "", d.Hedge.Market ?? "");
                break;
            case HealthFactorFloorDefinition h:
                (_floor, _target) = (N(h.Floor), N(h.Target));
                break;
            case GammaCapDefinition g: _cap = N(g.MaxDollarGammaPerPercent); break;
            case VegaCapDefinition v: _cap = N(v.MaxVegaPerVolPoint); break;
            case VolatilityHarvestDefinition vh: (_underlying, _cap) = (vh.Underlying, N(vh.GammaBudgetPerPercent)); break;
            case LpRangeDefinition lp: _cap = lp.MaxOutOfRange.ToString(Invariant); break;
        }
    }

    private async Task SaveAsync()
    {
        _formError = null;
        var parse = new List<FieldError>();
        var definition = Definition(parse);
        var context = StrategiesApi.ContextOf(Chains, _access!.Portfolio.ChainName);
        _errors = [.. parse, .. StrategyValidator.Validate(_name, definition, context).Where(e => parse.All(p => p.Field != e.Field))];
        if (_errors.Count > 0) return;
        var userId = await User.IdAsync();
        var saved = _editingId is { } id
            ? await Store.UpdateAsync(userId, id, _name, definition!, true, context)
            : await Store.CreateAsync(userId, Id, _name, definition!, true, context);
        if (!saved.Ok)
        {
            _errors = saved.Errors;
            _formError = saved.Errors.Count == 0 ? saved.Result.Error : null;
            return;
        }
        _strategies = await Store.ListAsync(userId, Id) ?? [];
        New();
    }

    private StrategyDefinition? Definition(List<FieldError> errors)
    {
        double Num(string text, string field, string label)
        {
            if (double.TryParse(text, NumberStyles.Float, Invariant, out var v)) return v;
            errors.Add(new(field, $"{label} must be a number, e.g. 1.5 (a dot for decimals)."));
            return double.NaN;
        }
        return _kind switch
        {
            StrategyKind.DeltaBand => new DeltaBandDefinition(_underlying.Trim(), Num(_low, StrategyField.Low, "Low"), Num(_high, StrategyField.High, "High"), _unit,
                _venue == HedgeVenue.UniswapSwap
                    ? new HedgeInstrument(HedgeVenue.UniswapSwap, _pair.Trim(), int.TryParse(_feeTier, NumberStyles.None, Invariant, out var fee) ? fee : null)
                    : new HedgeInstrument(HedgeVenue.GmxPerp, Market: _market.Trim())),
            StrategyKind.HealthFactorFloor => new HealthFactorFloorDefinition(Num(_floor, StrategyField.Floor, "Floor"), Num(_target, StrategyField.Target, "Target")),
            StrategyKind.GammaCap => new GammaCapDefinition(Num(_cap, StrategyField.MaxGamma, "The cap")),
            StrategyKind.VegaCap => new VegaCapDefinition(Num(_cap, StrategyField.MaxVega, "The cap")),
            StrategyKind.VolatilityHarvest => new VolatilityHarvestDefinition(_underlying.Trim(), HarvestStyle.CoveredCalls, Num(_cap, StrategyField.GammaBudget, "The budget")),
            StrategyKind.LpRange => new LpRangeDefinition(int.TryParse(_cap, NumberStyles.None, Invariant, out var n) ? n : -1),
            _ => null,
        };
    }

    private async Task DeleteAsync(int strategyId)
    {
        var userId = await User.IdAsync();
        await Store.DeleteAsync(userId, strategyId);
        _strategies = await Store.ListAsync(userId, Id) ?? [];
    }

    private static string N(double v) => v.ToString("R", Invariant);

    public async ValueTask DisposeAsync()
    {
        _updates?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
