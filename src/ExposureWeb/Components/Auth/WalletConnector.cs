using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ExposureWeb.Components.Auth;

/// <summary>
/// What a page that has a browser wallet sign something needs: the wallets announced by EIP-6963, connecting one
/// (EIP-1193), following its account and chain, and the failure to show. The sign-in page and a share link's address
/// proof build on it; what they have signed is theirs (<see cref="Module"/> holds the wallet script).
/// </summary>
public abstract class WalletConnector : ComponentBase, IAsyncDisposable
{
    private DotNetObjectReference<WalletConnector>? _self;

    [Inject]
    protected IJSRuntime Js { get; set; } = default!;

    protected List<WalletInfo> Wallets { get; } = [];

    /// <summary>The wallet script (wwwroot/js/wallet.js), once loaded.</summary>
    protected IJSObjectReference? Module { get; private set; }

    protected bool Discovered { get; private set; }

    protected WalletInfo? Selected { get; private set; }

    protected string? Address { get; private set; }

    protected ulong ChainId { get; private set; }

    protected bool Busy { get; set; }

    protected string? Error { get; set; }

    protected string? ErrorCode { get; set; }

    /// <summary>The connected wallet, for the list to mark; null when none.</summary>
    protected string? ConnectedUuid => Address is null ? null : Selected?.Uuid;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        Module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/wallet.js");
        _self = DotNetObjectReference.Create(this);
        Replace(await Module.InvokeAsync<WalletInfo[]>("discover", _self));
        // Wallets answer the discovery request synchronously as a rule; one that is slower shows up through OnWalletsChanged.
        Discovered = true;
        StateHasChanged();
    }

    [JSInvokable]
    public Task OnWalletsChanged(WalletInfo[] wallets) => InvokeAsync(() =>
    {
        Replace(wallets);
        Discovered = true;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnChainChanged(ulong chainId) => InvokeAsync(() =>
    {
        ChainId = chainId;
        Error = null;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnAccountChanged(string? address) => InvokeAsync(() =>
    {
        Address = address;
        Error = null;
        StateHasChanged();
    });

    protected async Task ConnectAsync(WalletInfo wallet)
    {
        if (Module is null || Busy) return;
        Busy = true;
        Error = null;
        try
        {
            var result = await Module.InvokeAsync<WalletResult>("connect", wallet.Uuid);
            if (!result.Ok)
            {
                Fail(result);
                return;
            }
            Selected = wallet;
            Address = result.Address;
            ChainId = result.ChainId;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Shows what the wallet script answered when it failed.</summary>
    protected virtual void Fail(WalletResult result)
    {
        ErrorCode = result.Code;
        Error = result.Error;
    }

    private void Replace(IEnumerable<WalletInfo> wallets)
    {
        Wallets.Clear();
        Wallets.AddRange(wallets.OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase));
    }

    public async ValueTask DisposeAsync()
    {
        if (Module is not null)
        {
            try
            {
                await Module.InvokeVoidAsync("stop");
                await Module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; nothing to stop.
            }
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A wallet as EIP-6963 announced it.</summary>
    public sealed record WalletInfo(string Uuid, string Name, string Rdns, string Icon);

    /// <summary>What the browser module answers.</summary>
    public sealed record WalletResult(bool Ok, string? Code, string? Error, string? Address, ulong ChainId, string? Redirect);
}
