using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace ExposureWeb.Engine.Alerts.Delivery;

/// <summary>
/// Sends one alert e-mail through the configured SMTP server (MailKit), judged into a <see cref="DeliveryOutcome"/>:
/// the server's 4xx replies and connection trouble are retryable, its 5xx replies and bad addresses are permanent.
/// One connection per message: alert e-mail is rare, and MailKit's client is not safe to share between threads.
/// </summary>
public sealed class EmailSender
{
    /// <summary>The header that carries the idempotency key in readable form (the Message-Id carries its hash).</summary>
    public const string IdempotencyHeader = "X-Idempotency-Key";

    private readonly SmtpOptions _smtp;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="options">The SMTP server and the per-attempt timeout.</param>
    /// <param name="time">The clock for durations and the Date header.</param>
    /// <param name="logger">Where each attempt is logged (server and user, never the password).</param>
    public EmailSender(AlertDeliveryOptions options, TimeProvider time, ILogger<EmailSender>? logger = null)
    {
        _smtp = options.Smtp;
        _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        _time = time;
        _logger = logger ?? NullLogger<EmailSender>.Instance;
    }

    /// <summary>
    /// The Message-Id for an idempotency key: <c>alert-&lt;first 32 hex digits of its SHA-256&gt;@&lt;domain&gt;</c>. A hash
    /// because the key's ':' may not appear in a Message-Id; deterministic so every resend of one alert transition
    /// carries the same id and mail systems and people can recognise the duplicate.
    /// </summary>
    public static string MessageIdFor(string idempotencyKey, string domain)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"alert-{Convert.ToHexStringLower(hash)[..32]}@{domain}";
    }

    /// <summary>Sends <paramref name="email"/> (one attempt).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (not a timeout: that is an outcome).</exception>
    public async Task<DeliveryOutcome> SendAsync(EmailMessage email, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(started);
        if (_smtp.Enabled is false)
            return DeliveryOutcome.Permanent($"e-mail is not configured ({AlertDeliveryOptions.Section}:Smtp:Host is empty)", Elapsed());
        if (Build(email) is not { } message)
            return DeliveryOutcome.Permanent(InvalidRecipients(email), Elapsed());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        DeliveryOutcome outcome;
        using var client = new SmtpClient { Timeout = (int)_timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocket(_smtp.Security), timeout.Token);
            if (string.IsNullOrEmpty(_smtp.UserName) is false)
                await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", timeout.Token);
            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            outcome = DeliveryOutcome.Success(250, Elapsed());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested is false)
        {
            outcome = DeliveryOutcome.Transient($"SMTP timed out after {_timeout.TotalSeconds:0.#} s ({_smtp})", Elapsed());
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var text = $"SMTP server answered {code} {e.Message.Trim()} ({_smtp})";
            // RFC 5321 §4.2.1: 4yz is a transient negative completion (try again), 5yz a permanent one.
            outcome = code is >= 400 and < 500
                ? DeliveryOutcome.Transient(text, Elapsed(), code)
                : DeliveryOutcome.Permanent(text, Elapsed(), code);
        }
        catch (AuthenticationException e)
        {
            outcome = DeliveryOutcome.Permanent($"SMTP authentication failed: {e.Message} ({_smtp})", Elapsed());
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException or SslHandshakeException)
        {
            // The connection, not the message: another attempt may find the server back (a TLS failure may be a restart too).
            outcome = DeliveryOutcome.Transient($"SMTP connection failed: {e.Message} ({_smtp})", Elapsed());
        }
        _logger.LogInformation(
            "Alert e-mail {IdempotencyKey} to {RecipientCount} recipient(s) via {Server}: {Result} in {DurationMs:0} ms{Error}",
            email.IdempotencyKey, email.To.Count, _smtp.ToString(), outcome.Succeeded ? "delivered" : outcome.Retryable ? "retryable failure" : "failed",
            outcome.Duration.TotalMilliseconds, outcome.Error is null ? "" : ": " + outcome.Error);
        return outcome;
    }

    private MimeMessage? Build(EmailMessage email)
    {
        var to = new List<MailboxAddress>();
        foreach (var address in email.To)
        {
            if (MailboxAddress.TryParse(address, out var mailbox) is false || mailbox.Address.Contains('@') is false)
                return null;
            to.Add(mailbox);
        }
        if (to.Count == 0)
            return null;
        // Required and checked by SmtpOptions.Validate at start whenever a host is set.
        var from = MailboxAddress.Parse(_smtp.From!);
        var message = new MimeMessage { Subject = email.Subject, Date = _time.GetUtcNow() };
        message.From.Add(from);
        message.To.AddRange(to);
        message.MessageId = MessageIdFor(email.IdempotencyKey, from.Domain);
        message.Headers.Add(IdempotencyHeader, email.IdempotencyKey);
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }

    private static string InvalidRecipients(EmailMessage email)
    {
        var bad = email.To.Where(a => MailboxAddress.TryParse(a, out var m) is false || m.Address.Contains('@') is false).ToArray();
        return bad.Length == 0 && email.To.Count == 0
            ? "alert e-mail has no recipients"
            : $"alert e-mail has invalid recipient address(es): {string.Join(", ", bad)}";
    }

    private static SecureSocketOptions SecureSocket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };
}
