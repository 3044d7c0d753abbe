using System.Net.Http.Json;
using System.Text.Json;
using ExposureWeb.Chain.Primitives;
using Microsoft.AspNetCore.Mvc.Testing;
using Nethereum.Signer;

namespace ExposureWeb.Web.Tests.Auth;

/// <summary>
/// A wallet holding a private key, signing EIP-191 personal messages as a browser wallet's <c>personal_sign</c> does.
/// The keys are anvil's well-known dev accounts (public test keys, worthless on any real chain).
/// </summary>
public sealed class TestWallet(string privateKeyHex)
{
    public static readonly TestWallet Alice = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    public static readonly TestWallet Bob = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    public static readonly TestWallet Carol = new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    public static readonly TestWallet Dave = new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

    private static readonly EthereumMessageSigner PersonalSigner = new();

    /// <summary>A new wallet nobody has used, for tests that must not share state with others in the same app.</summary>
    public static TestWallet Fresh() => new("0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    private readonly EthECKey _key = new(privateKeyHex);

    public Address Address => Address.Parse(_key.GetPublicAddress());

    public string Sign(string message) => PersonalSigner.EncodeUTF8AndSign(message, _key);

    /// <summary>Asks the server for a sign-in message; returns its text (throws with the server's reason on refusal).</summary>
    public async Task<string> ChallengeAsync(HttpClient client, ulong chainId = AuthApp.ChainId)
    {
        using var response = await client.PostAsJsonAsync("/auth/siwe/challenge", new { address = Address.ToString(), chainId });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"challenge refused: {body}");
        return body.GetProperty("message").GetString()!;
    }

    /// <summary>Posts a signed message; returns the status and the JSON body.</summary>
    public static async Task<(int Status, JsonElement Body)> VerifyAsync(HttpClient client, string message, string signature)
    {
        using var response = await client.PostAsJsonAsync("/auth/siwe/verify", new { message, signature });
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>
    /// Proves this wallet to a share link through <paramref name="browser"/> (a real SIWE round trip; the proof cookie lands
    /// in its jar when accepted): the message signed, and the prove answer's status and body.
    /// </summary>
    public async Task<(string Message, int Status, JsonElement Body)> ProveToShareLinkAsync(HttpClient browser, string secret)
    {
        using var challenge = await browser.PostAsJsonAsync("/auth/share/challenge", new { secret, address = Address.ToString(), chainId = AuthApp.ChainId });
        var message = (await challenge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;
        using var prove = await browser.PostAsJsonAsync("/auth/share/prove", new { secret, message, signature = Sign(message) });
        return (message, (int)prove.StatusCode, await prove.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>A client of <paramref name="factory"/> holding this wallet's session cookie (a real SIWE round trip).</summary>
    public async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> factory)
    {
        // The factory's own base address: on Kestrel it is the real port, not http://localhost.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = factory.ClientOptions.BaseAddress });
        var message = await ChallengeAsync(client);
        var (status, body) = await VerifyAsync(client, message, Sign(message));
        if (status != 200) throw new InvalidOperationException($"sign-in refused: {body}");
        return client;
    }
}
