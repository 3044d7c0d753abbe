using ExposureWeb.Auth;
using ExposureWeb.Data.Sharing;

namespace ExposureWeb.Sharing;

/// <summary>
/// How a share link's viewer proves a wallet, without an account: the page's wallet script asks for a Sign-In with
/// Ethereum message (our nonce, our origin, a statement saying what it is for), has the wallet sign it, and posts it back;
/// a wallet on the link's list gets the proof cookie for that link's page. A wallet not on the list is refused (and the
/// refusal audited); nothing tells a caller who is on the list.
/// </summary>
public static class ShareProofEndpoints
{
    public const string Statement =
        "Prove that you hold this address to open a dashboard shared with it on ExposureWeb. This makes no account and grants nothing else.";

    public sealed record ChallengeRequest(string? Secret, string? Address, ulong ChainId);

    public sealed record ProveRequest(string? Secret, string? Message, string? Signature);

    public static IEndpointRouteBuilder MapShareProof(this IEndpointRouteBuilder app)
    {
        var proof = app.MapGroup("/auth/share").AllowAnonymous().RequireRateLimiting(AuthExtensions.SignInRateLimit).ExcludeFromDescription();

        proof.MapPost("/challenge", async Task<IResult> (ChallengeRequest body, ShareLinkStore links, SiweSignIn siwe, HttpContext http) =>
        {
            if (await links.OpenAsync(body.Secret, http.RequestAborted) is null) return Dead();
            var outcome = await siwe.ChallengeAsync(body.Address, body.ChainId, http.RequestAborted, Statement);
            return outcome.Ok ? Results.Ok(new AuthEndpoints.ChallengeResponse(outcome.Value!)) : Results.BadRequest(new AuthEndpoints.Refusal(outcome.Code!, outcome.Reason!));
        });

        proof.MapPost("/prove", async Task<IResult> (ProveRequest body, ShareLinkStore links, SiweSignIn siwe, ShareProofs proofs, HttpContext http) =>
        {
            if (await links.OpenAsync(body.Secret, http.RequestAborted) is not { } shared) return Dead();
            var outcome = await siwe.ProveAsync(body.Message, body.Signature, http.RequestAborted);
            if (!outcome.Ok) return Results.BadRequest(new AuthEndpoints.Refusal(outcome.Code!, outcome.Reason!));
            var address = outcome.Value!.Address.ToString();
            if (!shared.Admits(address))
            {
                await links.RecordRefusalAsync(shared.LinkId, address, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
                return Results.Json(new AuthEndpoints.Refusal("NotOnList",
                    $"{address} is not one of the wallets this dashboard was shared with; connect the wallet it was shared with, or ask the person who shared it to share it with this one"),
                    statusCode: StatusCodes.Status403Forbidden);
            }
            proofs.Issue(http, body.Secret!, shared.LinkId, address, shared.ExpiresAt);
            return Results.Ok(new { address, redirect = SharePaths.Page(body.Secret!) });
        });
        return app;
    }

    private static IResult Dead() => Results.NotFound(new AuthEndpoints.Refusal("LinkDead",
        "this link does not work: it expired, was revoked or was replaced by a new one; ask the person who shared it for a new link"));
}
