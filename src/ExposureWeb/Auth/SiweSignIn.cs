using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Profiles;
using ExposureWeb.Chain.Rpc;
using ExposureWeb.Chain.Siwe;
using ExposureWeb.Data.Accounts;
using ExposureWeb.Hosting;
using Microsoft.Extensions.Options;

namespace ExposureWeb.Auth;

/// <summary>
/// Sign-In with Ethereum on the server: the message is built here around a nonce stored here, and the
/// signature is checked here (EIP-191 recovery, EIP-1271 for contract wallets through the chain's node).
/// Domain and URI are the app's configured origin (<see cref="AppOrigin"/>), whatever Host a request names.
/// </summary>
public sealed class SiweSignIn(
    SignInNonceStore nonces,
    AccountStore accounts,
    ChainRegistry chains,
    ChainClients clients,
    AppOrigin origin,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SiweSignIn> logger)
{
    /// <summary>
    /// Builds the message for <paramref name="addressText"/> to sign on chain <paramref name="chainId"/>; its statement is the
    /// sign-in one unless <paramref name="statement"/> says what else the signature is for (proving an address to a share link).
    /// </summary>
    public async Task<SiweOutcome<string>> ChallengeAsync(string? addressText, ulong chainId, CancellationToken ct, string? statement = null)
    {
        if (!Address.TryParseEntered(addressText, out var address, out var error))
        {
            return SiweOutcome<string>.Refused("InvalidAddress", $"'{addressText}' is not an Ethereum address: {error}");
        }
        if (ChainById(chainId) is null) return SiweOutcome<string>.Refused(nameof(SiweFailure.WrongChainId), UnservedChain(chainId));

        var nonce = await nonces.IssueAsync(address.ToString(), ct);
        var message = new SiweMessage
        {
            Domain = origin.Domain,
            Address = address,
            Statement = statement ?? options.Value.Statement,
            Uri = origin.Uri,
            ChainId = chainId,
            Nonce = nonce.Value,
            IssuedAt = Truncate(nonce.IssuedAt),
            ExpirationTime = Truncate(nonce.ExpiresAt),
        };
        return SiweOutcome<string>.Accepted(message.Build());
    }

    /// <summary>Checks a signed message; on success records the sign-in (the first one creates the user's workspace).</summary>
    public async Task<SiweOutcome<SignedInUser>> VerifyAsync(string? messageText, string? signature, CancellationToken ct)
    {
        var proven = await ProveAsync(messageText, signature, ct);
        if (!proven.Ok) return SiweOutcome<SignedInUser>.Refused(proven.Code!, proven.Reason!);
        var (address, chain, viaContract) = proven.Value!;
        var user = await accounts.SignInAsync(address.ToString(), chain.Name, ct);
        logger.LogInformation("Sign-in by {Address} on chain {Chain}{Contract}{First}", user.Address, chain.Name,
            viaContract ? " (EIP-1271 contract wallet)" : "", user.FirstSignIn ? "; first sign-in, personal workspace created" : "");
        return SiweOutcome<SignedInUser>.Accepted(user);
    }

    /// <summary>
    /// Checks a signed message and consumes its nonce: the signer holds the address. No account is made or touched (a share
    /// link's viewer proves an address this way).
    /// </summary>
    public async Task<SiweOutcome<ProvenAddress>> ProveAsync(string? messageText, string? signature, CancellationToken ct)
    {
        SiweMessage.TryParse(messageText, out var parsed, out _);
        var chain = parsed is null ? null : ChainById(parsed.ChainId);
        if (parsed is not null && chain is null) return Refuse<ProvenAddress>(nameof(SiweFailure.WrongChainId), UnservedChain(parsed.ChainId), parsed);

        var expectations = new SiweExpectations(origin.Domain, origin.Uri, parsed?.ChainId ?? 0, time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.ClockSkewSeconds));
        string? nonceProblem = null;
        SiweVerificationResult result;
        // The chain's shared client (DI): its connections and its failover's knowledge of a dead endpoint outlive the request.
        var eth = chain is null ? null : clients.For(chain).Eth;
        try
        {
            result = await SiweVerifier.VerifyAsync(messageText, signature, expectations, eth,
                async (nonce, token) => (nonceProblem = await nonces.ConsumeAsync(nonce, parsed!.Address.ToString(), token)) is null, ct);
        }
        catch (RpcException ex)
        {
            // Only a signature that is not the address's own ECDSA one gets here: the contract-wallet check needed the node.
            // The node's failure goes to the log only: its text names the node's address, which is not the caller's business.
            logger.LogWarning("Sign-in by {Address}: the contract-wallet check could not reach chain {Chain}: {Error}", parsed!.Address, chain!.Name, ex.Message);
            return Refuse<ProvenAddress>(nameof(SiweFailure.SignerMismatch),
                $"the signature was not made by {parsed.Address}, and chain '{chain.Name}' could not be reached to ask whether {parsed.Address} is a contract wallet that accepts it (EIP-1271); try again later",
                parsed);
        }
        if (!result.IsValid)
        {
            var reason = result.Failure == SiweFailure.NonceRejected && nonceProblem is not null ? nonceProblem : result.Reason;
            return Refuse<ProvenAddress>(result.Failure.ToString(), reason, parsed);
        }
        return SiweOutcome<ProvenAddress>.Accepted(new ProvenAddress(result.Address!.Value, chain!, result.ViaContract));
    }

    private SiweOutcome<T> Refuse<T>(string code, string reason, SiweMessage? message)
    {
        logger.LogWarning("Sign-in refused ({Code}) for {Address}: {Reason}", code, message?.Address.ToString() ?? "an unparsed message", reason);
        return SiweOutcome<T>.Refused(code, reason);
    }

    private ChainProfile? ChainById(ulong chainId) => chains.All.FirstOrDefault(c => c.ChainId == chainId);

    private string UnservedChain(ulong chainId)
    {
        var served = string.Join(", ", chains.All.Select(c => $"{c.Name} (chain id {c.ChainId})"));
        return $"chain id {chainId} is not served here; switch the wallet to {(served.Length == 0 ? "a configured chain" : served)}";
    }

    // SIWE timestamps are RFC 3339; whole seconds keep the message short and readable in the wallet.
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

/// <summary>An address whose holder signed a fresh message of ours, on a chain we serve (through a contract wallet or not).</summary>
public sealed record ProvenAddress(Address Address, ChainProfile Chain, bool ViaContract);

/// <summary>The result of a sign-in step: a value, or a machine-readable code with a reason in plain words.</summary>
public sealed record SiweOutcome<T>(T? Value, string? Code, string? Reason)
{
    public bool Ok => Code is null;

    public static SiweOutcome<T> Accepted(T value) => new(value, null, null);

    public static SiweOutcome<T> Refused(string code, string reason) => new(default, code, reason);
}
