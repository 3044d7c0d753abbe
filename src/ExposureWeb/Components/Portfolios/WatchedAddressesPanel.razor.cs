using ExposureWeb.Auth;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Data.Entities;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ExposureWeb.Components.Portfolios;

/// <summary>
/// Adds, labels and removes a portfolio's watch-only addresses. The address rule is <see cref="Address.TryParseEntered"/>:
/// shown here as it is typed, enforced again by the store, which also checks the user's role.
/// </summary>
public sealed partial class WatchedAddressesPanel
{
    private string? _newAddress;
    private string? _newLabel;
    private string? _addressError;
    private bool _saving;
    private int? _editingLabelOf;
    private string? _labelDraft;
    private string? _labelError;

    [Parameter, EditorRequired]
    public int PortfolioId { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<WatchedAddress> Addresses { get; set; } = [];

    [Parameter, EditorRequired]
    public bool CanEdit { get; set; }

    /// <summary>Called after a change was saved, so the page reloads the portfolio.</summary>
    [Parameter]
    public EventCallback OnChanged { get; set; }

    [Inject]
    private UserPortfolios Portfolios { get; set; } = default!;

    [Inject]
    private CurrentUser User { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The problem with the typed address in plain words, or null when it is a valid address.</summary>
    public static string? AddressProblem(string? text) => Address.TryParseEntered(text, out _, out var error) ? null : error;

    private void ValidateAddress() => _addressError = string.IsNullOrWhiteSpace(_newAddress) ? null : AddressProblem(_newAddress);

    private async Task AddAsync()
    {
        if (!CanEdit || _saving) return;
        if (!Address.TryParseEntered(_newAddress, out var parsed, out _addressError)) return;
        var address = parsed.ToString();
        _saving = true;
        try
        {
            var result = await Portfolios.AddAddressAsync(await User.IdAsync(), PortfolioId, address, _newLabel);
            if (!result.Ok)
            {
                _addressError = result.Error;
                return;
            }
            Snackbar.Add($"Watching {address}; its positions appear with the next block.", Severity.Success);
            _newAddress = null;
            _newLabel = null;
            await OnChanged.InvokeAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private void StartLabel(WatchedAddress address)
    {
        _editingLabelOf = address.Id;
        _labelDraft = address.Label;
        _labelError = null;
    }

    private void CancelLabel()
    {
        _editingLabelOf = null;
        _labelError = null;
    }

    private async Task SaveLabelAsync(WatchedAddress address)
    {
        if (!CanEdit) return;
        var result = await Portfolios.SetLabelAsync(await User.IdAsync(), PortfolioId, address.Id, _labelDraft);
        if (!result.Ok)
        {
            _labelError = result.Error;
            return;
        }
        _editingLabelOf = null;
        await OnChanged.InvokeAsync();
    }

    private async Task RemoveAsync(WatchedAddress address)
    {
        if (!CanEdit) return;
        var result = await Portfolios.RemoveAddressAsync(await User.IdAsync(), PortfolioId, address.Id);
        if (result.Ok)
        {
            Snackbar.Add($"Stopped watching {address.Address}.", Severity.Info);
            await OnChanged.InvokeAsync();
        }
        else
        {
            Snackbar.Add(result.Error ?? "could not remove the address", Severity.Error);
        }
    }
}
