using ExposureWeb.Chain.Protocols.Eip1271;
using Nethereum.Contracts;
using ExposureWeb.Chain.Crypto;
using ExposureWeb.Chain.Primitives;
using ExposureWeb.Chain.Rpc;
using Nethereum.Util;

namespace ExposureWeb.Chain.Siwe;

/// <summary>Why a sign-in was refused.</summary>
public enum SiweFailure
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>The text is not a well-formed EIP-4361 message.</summary>
    MalformedMessage,

    /// <summary>
    /// The signature is not hex, is shorter than an ECDSA signature or longer than <see cref="SiweVerifier.MaxSignatureBytes"/>,
    /// or (for an address without contract code) is not a well-formed 65-byte low-s r ‖ s ‖ v signature.
    /// </summary>
    MalformedSignature,

    /// <summary>The message's domain is not the server's.</summary>
    WrongDomain,

    /// <summary>The message's URI is not the server's.</summary>
    WrongUri,

    /// <summary>The message is bound to another chain.</summary>
    WrongChainId,

    /// <summary>The expiration time has passed (beyond the allowed clock skew).</summary>
    Expired,

    /// <summary>Not Before or Issued At lies in the future (beyond the allowed clock skew).</summary>
    NotYetValid,

    /// <summary>The signature is valid but by another address (and, when asked, the address's contract refused it).</summary>
    SignerMismatch,

    /// <summary>The server's nonce check said this nonce is unknown or already used.</summary>
    NonceRejected,
}

/// <summary>What the server expects of a sign-in message.</summary>
/// <param name="Domain">The server's authority, e.g. "app.example.com" or "localhost:5000" (compared case-insensitively).</param>
/// <param name="Uri">The URI the message must name (compared exactly).</param>
/// <param name="ChainId">The chain the session is for.</param>
/// <param name="Now">The current time.</param>
/// <param name="ClockSkew">Tolerance for the wallet's clock on Issued At, Not Before and Expiration Time.</param>
public sealed record SiweExpectations(string Domain, string Uri, ulong ChainId, DateTimeOffset Now, TimeSpan ClockSkew);

/// <summary>Outcome of a sign-in verification.</summary>
/// <param name="Failure">Why it was refused; <see cref="SiweFailure.None"/> when accepted.</param>
/// <param name="Reason">Plain-words explanation (safe to log; does not include the signature).</param>
/// <param name="Message">The parsed message when the text parsed.</param>
/// <param name="ViaContract">True when accepted through EIP-1271 rather than by ECDSA recovery.</param>
public sealed record SiweVerificationResult(SiweFailure Failure, string Reason, SiweMessage? Message, bool ViaContract = false)
{
    /// <summary>Whether the sign-in is accepted.</summary>
    public bool IsValid => Failure == SiweFailure.None;

    /// <summary>The signed-in address when accepted.</summary>
    public Address? Address => IsValid ? Message?.Address : null;

    internal static SiweVerificationResult Fail(SiweFailure failure, string reason, SiweMessage? message = null) => new(failure, reason, message);
}

/// <summary>
/// Verifies Sign-In with Ethereum (EIP-4361) messages: format, domain, URI, chain id, validity window and the
/// EIP-191 signature; the async overload also accepts contract wallets through EIP-1271.
/// </summary>
/// <remarks>
/// Single use of the nonce is the server's job: the async overload takes a <c>nonceIsUnused</c> callback, asked
/// only after every other check has passed, so that a refused message never consumes or probes a nonce.
/// </remarks>
public static class SiweVerifier
{
    /// <summary>EIP-1271 magic value returned by <c>isValidSignature</c> for a valid signature.</summary>
    public static readonly byte[] Eip1271MagicValue = [0x16, 0x26, 0xba, 0x7e];

    /// <summary>An ECDSA signature's length (r ‖ s ‖ v); nothing shorter is a signature of any kind.</summary>
    public const int MinSignatureBytes = 65;

    /// <summary>
    /// The longest signature accepted: room for a multi-owner contract wallet's (a Safe's 65 bytes per owner, or wrapped
    /// ones), while nothing larger reaches the node.
    /// </summary>
    public const int MaxSignatureBytes = 4096;


    // EIP-191 version 0x45, what personal_sign signs: keccak256("\x19Ethereum Signed Message:\n" + byte length + message).
    private static readonly EthereumMessageHasher PersonalSignHasher = new();

    /// <summary>Verifies an externally owned account's signature (ECDSA recovery only).</summary>
    /// <param name="messageText">The exact text the wallet signed.</param>
    /// <param name="signatureHex">0x-prefixed hex signature r ‖ s ‖ v.</param>
    /// <param name="expectations">What the server expects.</param>
    public static SiweVerificationResult Verify(string? messageText, string? signatureHex, SiweExpectations expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        SiweVerificationResult pre = Precheck(messageText, signatureHex, expectations, out SiweMessage? message, out byte[] signature);
        if (!pre.IsValid)
        {
            return pre;
        }

        return CheckEcdsa(messageText!, message!, signature);
    }

    /// <summary>
    /// Verifies like <see cref="Verify"/>; when ECDSA recovery does not yield the message's address (or the signature
    /// is not a 65-byte ECDSA signature) and the address has contract code (<c>eth_getCode</c>), asks that contract
    /// through EIP-1271 <c>isValidSignature(bytes32, bytes)</c> at the latest block. Then asks <paramref name="nonceIsUnused"/>.
    /// A signature that is not hex or not of a signature's length never reaches the node.
    /// </summary>
    /// <param name="messageText">The exact text the wallet signed.</param>
    /// <param name="signatureHex">0x-prefixed hex signature.</param>
    /// <param name="expectations">What the server expects.</param>
    /// <param name="client">Node client for the EIP-1271 call; null disables contract wallets.</param>
    /// <param name="nonceIsUnused">Optional server nonce check; false refuses with <see cref="SiweFailure.NonceRejected"/>.</param>
    /// <param name="ct">Cancels the node call.</param>
    /// <exception cref="RpcUnavailableException">The node could not be reached for the EIP-1271 check.</exception>
    public static async Task<SiweVerificationResult> VerifyAsync(
        string? messageText,
        string? signatureHex,
        SiweExpectations expectations,
        EthClient? client,
        Func<string, CancellationToken, ValueTask<bool>>? nonceIsUnused = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        SiweVerificationResult result = Precheck(messageText, signatureHex, expectations, out SiweMessage? message, out byte[] signature);
        if (!result.IsValid)
        {
            return result;
        }

        result = CheckEcdsa(messageText!, message!, signature);
        if (result.Failure is SiweFailure.SignerMismatch or SiweFailure.MalformedSignature && client is not null)
        {
            // Only a contract can accept a signature that is not the address's own: an account without code is not asked.
            if ((await client.GetCodeAsync(message!.Address, BlockParameter.Latest, ct).ConfigureAwait(false)).Length == 0)
            {
                result = result with { Reason = result.Reason + "; the address has no contract code, so no contract wallet (EIP-1271) can accept it" };
            }
            else if (await IsValidContractSignatureAsync(client, message.Address, PersonalSignHasher.HashPrefixedMessage(messageText!), signature, ct).ConfigureAwait(false))
            {
                result = new SiweVerificationResult(SiweFailure.None, "accepted (EIP-1271 contract wallet)", message, ViaContract: true);
            }
            else
            {
                result = result with { Reason = result.Reason + "; the address's contract did not accept it either (EIP-1271)" };
            }
        }

        if (result.IsValid && nonceIsUnused is not null && !await nonceIsUnused(message!.Nonce, ct).ConfigureAwait(false))
        {
            return SiweVerificationResult.Fail(SiweFailure.NonceRejected, "nonce is unknown or was already used", message);
        }

        return result;
    }

    /// <summary>
    /// Asks <paramref name="account"/>'s contract whether <paramref name="signature"/> is valid for
    /// <paramref name="hash"/> (EIP-1271). False when the address has no code, reverts or answers anything else.
    /// </summary>
    /// <exception cref="RpcUnavailableException">The node could not be reached.</exception>
    public static async Task<bool> IsValidContractSignatureAsync(EthClient client, Address account, byte[] hash, byte[] signature, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(signature);
        byte[] call = new IsValidSignatureFunction { Hash = hash, Signature = signature }.GetCallData();
        byte[] output;
        try
        {
            output = await client.CallAsync(account, call, BlockParameter.Latest, ct: ct).ConfigureAwait(false);
        }
        catch (RpcErrorException)
        {
            // A revert (or a node refusing the call) is a "no" from the contract, not an outage.
            return false;
        }

        // bytes4 is returned left-aligned in a 32-byte word; an account without code returns empty data.
        return output.Length >= 32
            && output.AsSpan(0, 4).SequenceEqual(Eip1271MagicValue)
            && output.AsSpan(4, 28).IndexOfAnyExcept((byte)0) < 0;
    }

    private static SiweVerificationResult Precheck(
        string? messageText, string? signatureHex, SiweExpectations expectations, out SiweMessage? message, out byte[] signature)
    {
        signature = [];
        if (!SiweMessage.TryParse(messageText, out message, out SiweFormatException? error))
        {
            return SiweVerificationResult.Fail(SiweFailure.MalformedMessage, error!.Message);
        }

        // Checked on the text's length first, so an oversized one is not even decoded.
        if (signatureHex is null || !signatureHex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || signatureHex.Length > 2 + 2 * MaxSignatureBytes || !Hex.TryDecode(signatureHex, out signature)
            || signature.Length < MinSignatureBytes)
        {
            signature = [];
            return SiweVerificationResult.Fail(SiweFailure.MalformedSignature,
                $"signature must be 0x-prefixed hex of {MinSignatureBytes} to {MaxSignatureBytes} bytes (a wallet's personal_sign gives 65)", message);
        }

        if (!string.Equals(message!.Domain, expectations.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return SiweVerificationResult.Fail(SiweFailure.WrongDomain, $"message is for domain '{message.Domain}', expected '{expectations.Domain}'", message);
        }

        if (!string.Equals(message.Uri, expectations.Uri, StringComparison.Ordinal))
        {
            return SiweVerificationResult.Fail(SiweFailure.WrongUri, $"message is for URI '{message.Uri}', expected '{expectations.Uri}'", message);
        }

        if (message.ChainId != expectations.ChainId)
        {
            return SiweVerificationResult.Fail(SiweFailure.WrongChainId, $"message is for chain {message.ChainId}, expected {expectations.ChainId}", message);
        }

        DateTimeOffset now = expectations.Now;
        TimeSpan skew = expectations.ClockSkew;
        if (message.ExpirationTime is { } exp && now - skew >= exp)
        {
            return SiweVerificationResult.Fail(SiweFailure.Expired, $"message expired at {SiweMessage.FormatTimestamp(exp)}", message);
        }

        if (message.NotBefore is { } nbf && now + skew < nbf)
        {
            return SiweVerificationResult.Fail(SiweFailure.NotYetValid, $"message is not valid before {SiweMessage.FormatTimestamp(nbf)}", message);
        }

        if (now + skew < message.IssuedAt)
        {
            return SiweVerificationResult.Fail(SiweFailure.NotYetValid, $"message is issued in the future ({SiweMessage.FormatTimestamp(message.IssuedAt)})", message);
        }

        return new SiweVerificationResult(SiweFailure.None, "prechecks passed", message);
    }

    private static SiweVerificationResult CheckEcdsa(string messageText, SiweMessage message, byte[] signature)
    {
        RecoveryResult recovered = SignerRecovery.Recover(PersonalSignHasher.HashPrefixedMessage(messageText), signature);
        if (!recovered.Success)
        {
            return SiweVerificationResult.Fail(SiweFailure.MalformedSignature, $"malformed signature: {recovered.Message}", message);
        }

        if (recovered.Address != message.Address)
        {
            return SiweVerificationResult.Fail(SiweFailure.SignerMismatch, $"signed by {recovered.Address}, not by the message's address {message.Address}", message);
        }

        return new SiweVerificationResult(SiweFailure.None, "accepted", message);
    }
}
