using ExposureWeb.Chain.Profiles;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// Wallet discovery (EIP-6963), connection (EIP-1193) and Sign-In with Ethereum. The browser module does the wallet
/// calls and the HTTP round trip (the session cookie must arrive on an HTTP response); this page shows the state.
/// </summary>
public sealed partial class SignIn
{
    private readonly List<WalletInfo> _wallets = [];
    private IJSObjectReference? _module;
    private DotNetObjectReference<SignIn>? _self;
    private bool _discovered;
    private WalletInfo? _selected;
    private string? _address;
    private ulong _chainId;
    private bool _busy;
    private string? _error;
    private string? _errorCode;

    [Inject]
    private IJSRuntime Js { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ChainRegistry Chains { get; set; } = default!;

    [Inject]
    private ExposureWeb.DevChain.DevChainState DevChain { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "signedOut")]
    public int? SignedOutFlag { get; set; }

    private bool SignedOut => SignedOutFlag == 1;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/wallet.js");
        _self = DotNetObjectReference.Create(this);
        Replace(await _module.InvokeAsync<WalletInfo[]>("discover", _self));
        // Wallets answer the discovery request synchronously as a rule; one that is slower shows up through OnWalletsChanged.
        _discovered = true;
        StateHasChanged();
    }

    [JSInvokable]
    public Task OnWalletsChanged(WalletInfo[] wallets) => InvokeAsync(() =>
    {
        Replace(wallets);
        _discovered = true;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnChainChanged(ulong chainId) => InvokeAsync(() =>
    {
        _chainId = chainId;
        _error = null;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnAccountChanged(string? address) => InvokeAsync(() =>
    {
        _address = address;
        _error = null;
        StateHasChanged();
    });

    private async Task ConnectAsync(WalletInfo wallet)
    {
        if (_module is null || _busy) return;
        _busy = true;
        _error = null;
        try
        {
            var result = await _module.InvokeAsync<WalletResult>("connect", wallet.Uuid);
            if (!result.Ok)
            {
                Fail(result);
                return;
            }
            _selected = wallet;
            _address = result.Address;
            _chainId = result.ChainId;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SignInAsync()
    {
        if (_module is null || _selected is null || _address is null || _busy) return;
        _busy = true;
        _error = null;
        try
        {
            var result = await _module.InvokeAsync<WalletResult>("signIn", _selected.Uuid, _address, _chainId, ReturnUrl);
            if (!result.Ok)
            {
                Fail(result);
                return;
            }
            // A full load: the new circuit is opened with the session cookie this sign-in just set.
            Navigation.NavigateTo(result.Redirect ?? "/", forceLoad: true);
        }
        finally
        {
            _busy = false;
        }
    }

    private void Fail(WalletResult result)
    {
        _errorCode = result.Code;
        _error = $"Sign-in failed: {result.Error}";
    }

    private void Replace(IEnumerable<WalletInfo> wallets)
    {
        _wallets.Clear();
        _wallets.AddRange(wallets.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase));
    }

    private ChainProfile? ServedChain() => Chains.All.FirstOrDefault(c => c.ChainId == _chainId);

    private string ChainLabel() => ServedChain() is { } chain ? $"{chain.Name} (chain id {_chainId})" : $"chain id {_chainId} (not served here)";

    private string ServedChains()
    {
        var all = Chains.All.Select(c => $"{c.Name} (chain id {c.ChainId})").ToList();
        return all.Count == 0 ? "no chain yet (the dev chain may still be starting)" : string.Join(", ", all);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("stop");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; nothing to stop.
            }
        }
        _self?.Dispose();
    }

    /// <summary>A wallet as EIP-6963 announced it.</summary>
    public sealed record WalletInfo(string Uuid, string Name, string Rdns, string Icon);

    /// <summary>What the browser module answers.</summary>
    public sealed record WalletResult(bool Ok, string? Code, string? Error, string? Address, ulong ChainId, string? Redirect);
}
