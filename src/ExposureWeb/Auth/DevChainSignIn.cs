using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.DevChain;
using ExposureWeb.DevChain.Deployment;
using ExposureWeb.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace ExposureWeb.Auth;

/// <summary>
/// Sign-in without a browser wallet, for the embedded dev chain only: the server asks anvil to sign its own SIWE message
/// with the demo trader's dev account (anvil's accounts are unlocked; their keys are public test keys) and the message
/// then goes through the same verification as a wallet's. Requests from this machine only (the real client behind any
/// proxy: <see cref="ClientAddress.IsThisMachine"/>), and only while the dev chain runs:
/// it exists so that `dotnet run` shows the demo to someone without a wallet extension.
/// </summary>
public static class DevChainSignIn
{
    public const string Path = "/auth/devchain/signin";

    /// <summary>The dev account it signs as: anvil #1, the demo trader, whose portfolio holds every kind of position.</summary>
    public const string Account = DemoMarket.Trader;

    /// <summary>Whether the dev-chain sign-in can be offered now.</summary>
    public static bool Available(DevChainState devChain) => devChain.Ready.IsCompletedSuccessfully;

    public static IEndpointRouteBuilder MapDevChainSignIn(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, so another site cannot sign a visitor in.
        app.MapPost(Path, async Task<IResult> ([FromForm] string? returnUrl, HttpContext http, DevChainState devChain, ChainClients clients, SiweSignIn siwe) =>
        {
            if (!ClientAddress.IsThisMachine(http))
            {
                return Results.Problem("the dev-chain sign-in is only offered to this machine (loopback); sign in with a wallet", statusCode: StatusCodes.Status403Forbidden);
            }
            if (!Available(devChain))
            {
                return Results.Problem("the embedded dev chain is not running (DevChain:Enabled, or still starting); sign in with a wallet", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var chain = await devChain.Ready;
            var challenge = await siwe.ChallengeAsync(Account, chain.ChainId, http.RequestAborted);
            if (!challenge.Ok) return Results.Problem(challenge.Reason, statusCode: StatusCodes.Status400BadRequest);
            string signature;
            try
            {
                // anvil signs with the unlocked dev account (personal_sign), asked through the chain's shared client.
                var message = Hex.Encode(System.Text.Encoding.UTF8.GetBytes(challenge.Value!));
                signature = await clients.For(chain).Web3.Client.SendRequestAsync<string>("personal_sign", null, message, Account) ?? "";
            }
            catch (Exception ex) when (ex is RpcException or Nethereum.JsonRpc.Client.RpcResponseException)
            {
                // The reason goes to the log: it names the node's address.
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevChainSignIn)).LogWarning("Dev-chain sign-in: the node could not sign: {Error}", ex.Message);
                return Results.Problem("the dev chain could not sign the message (its node did not answer; see the app's log)", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var outcome = await siwe.VerifyAsync(challenge.Value, signature, http.RequestAborted);
            if (!outcome.Ok) return Results.Problem(outcome.Reason, statusCode: StatusCodes.Status400BadRequest);
            await AuthEndpoints.StartSessionAsync(http, outcome.Value!);
            return Results.LocalRedirect(AuthEndpoints.Landing(returnUrl, outcome.Value!));
        }).AllowAnonymous().RequireRateLimiting(AuthExtensions.SignInRateLimit).ExcludeFromDescription();
        return app;
    }
}
