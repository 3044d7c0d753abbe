using ExposureWeb.Chain.Profiles;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using static ExposureWeb.Components.Auth.WalletConnector;

namespace ExposureWeb.Components.Pages;

/// <summary>
/// Sign-In with Ethereum with a browser wallet (discovered and connected by <see cref="Auth.WalletConnector"/>). The
/// browser module does the wallet calls and the HTTP round trip (the session cookie must arrive on an HTTP response);
/// this page shows the state.
/// </summary>
public sealed partial class SignIn
{
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

    private async Task SignInAsync()
    {
        if (Module is null || Selected is null || Address is null || Busy) return;
        Busy = true;
        Error = null;
        try
        {
            var result = await Module.InvokeAsync<WalletResult>("signIn", Selected.Uuid, Address, ChainId, ReturnUrl);
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
            Busy = false;
        }
    }

    protected override void Fail(WalletResult result)
    {
        ErrorCode = result.Code;
        Error = $"Sign-in failed: {result.Error}";
    }

    private ChainProfile? ServedChain() => Chains.All.FirstOrDefault(c => c.ChainId == ChainId);

    private string ChainLabel() => ServedChain() is { } chain ? $"{chain.Name} (chain id {ChainId})" : $"chain id {ChainId} (not served here)";

    private string ServedChains()
    {
        var all = Chains.All.Select(c => $"{c.Name} (chain id {c.ChainId})").ToList();
        return all.Count == 0 ? "no chain yet (the dev chain may still be starting)" : string.Join(", ", all);
    }
}
