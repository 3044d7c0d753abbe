using System.Text.Json;
using ExposureWeb.Chain.Rpc;
using Microsoft.Playwright;

namespace ExposureWeb.E2E;

/// <summary>
/// A browser wallet for tests: an EIP-1193 provider injected into every page of a browser context and announced by
/// EIP-6963, as an extension wallet would be. It speaks for anvil dev account #0 and forwards every request to the
/// dev chain's node, so <c>personal_sign</c> is signed for real by anvil with that account's key.
/// </summary>
public static class InjectedWallet
{
    public const string Name = "ExposureWeb Test Wallet";

    /// <summary>anvil dev account #0 (private key 0xac09…ff80, public and worthless outside a dev chain).</summary>
    public const string Account = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private const string Script = """
        (() => {
          const info = Object.freeze({
            uuid: '0b9f2d4e-6f1a-4c3b-9a57-2e8d41c7a5b1',
            name: 'ExposureWeb Test Wallet',
            rdns: 'dev.exposureweb.testwallet',
            icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"%3E%3Crect width="32" height="32" rx="6" fill="%232e7d32"/%3E%3C/svg%3E',
          });
          const provider = {
            async request({ method, params }) {
              const answer = JSON.parse(await window.__exposureTestWallet(method, JSON.stringify(params ?? [])));
              if (answer.error) {
                const error = new Error(answer.error.message);
                error.code = answer.error.code;
                throw error;
              }
              return answer.result;
            },
            on() {},
            removeListener() {},
          };
          const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
          window.addEventListener('eip6963:requestProvider', announce);
          announce();
        })();
        """;

    /// <summary>
    /// Installs the wallet in <paramref name="context"/>; requests go to the node at <paramref name="rpcUrl"/>. It speaks for
    /// <paramref name="account"/> (default <see cref="Account"/>; any unlocked anvil dev account): <c>eth_sendTransaction</c>
    /// from it is forwarded to anvil, which signs with that account's key, as a wallet would after the user confirmed;
    /// a transaction from any other address is refused (EIP-1193 4100, unauthorized).
    /// </summary>
    public static async Task InstallAsync(IBrowserContext context, Uri rpcUrl, string? account = null)
    {
        var speaksFor = account ?? Account;
        var rpc = new JsonRpcHttpClient(rpcUrl);
        await context.ExposeFunctionAsync<string, string, Task<string>>("__exposureTestWallet", async (method, paramsJson) =>
        {
            try
            {
                var parameters = JsonSerializer.Deserialize<JsonElement[]>(paramsJson) ?? [];
                object? result = method switch
                {
                    "eth_requestAccounts" or "eth_accounts" => new[] { speaksFor },
                    "eth_sendTransaction" when parameters.Length != 1 || !parameters[0].TryGetProperty("from", out var from)
                        || !string.Equals(from.GetString(), speaksFor, StringComparison.OrdinalIgnoreCase) =>
                        throw new UnauthorizedSender($"this wallet speaks for {speaksFor} only"),
                    _ => await rpc.SendAsync(method, parameters.Cast<object?>().ToArray()),
                };
                return JsonSerializer.Serialize(new { result });
            }
            catch (UnauthorizedSender ex)
            {
                return JsonSerializer.Serialize(new { error = new { code = 4100, message = ex.Message } });
            }
            catch (RpcException ex)
            {
                return JsonSerializer.Serialize(new { error = new { code = -32603, message = ex.Message } });
            }
        });
        await context.AddInitScriptAsync(Script);
    }

    private sealed class UnauthorizedSender(string message) : Exception(message);
}
