using System.Net;
using System.Net.Sockets;
using ExposureWeb.Engine.Alerts.Delivery;
using MimeKit;
using SmtpServer.Protocol;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

/// <summary>The e-mail sender against a real SMTP server (the SmtpServer package) on 127.0.0.1.</summary>
public sealed class EmailSenderTests : IAsyncLifetime
{
    private SmtpTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SmtpTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_ServerAccepts_MessageArrivesWithSubjectBodiesRecipientsAndMessageId()
    {
        var email = new EmailMessage(
            ["risk@example.com", "Ops Desk <ops@example.org>"],
            "Alert: ETH delta above 50 on portfolio 7",
            "Delta 63.2 ETH exceeds the limit of 50 ETH.",
            "<p>Delta <b>63.2 ETH</b> exceeds the limit of 50 ETH.</p>",
            "r1:p7:firing");

        var outcome = await Sender(_server.Port).SendAsync(email, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var mail = Assert.Single(_server.Messages);
        Assert.Equal("alerts@exposureweb.example", mail.EnvelopeFrom);
        Assert.Equal(["risk@example.com", "ops@example.org"], mail.EnvelopeTo);
        var message = mail.Message;
        Assert.Equal("Alert: ETH delta above 50 on portfolio 7", message.Subject);
        Assert.Equal(["risk@example.com", "ops@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ExposureWeb alerts", message.From.Mailboxes.Single().Name);
        Assert.Equal("Delta 63.2 ETH exceeds the limit of 50 ETH.", message.TextBody?.Trim());
        Assert.Contains("<b>63.2 ETH</b>", message.HtmlBody ?? "");
        Assert.Equal(EmailSender.MessageIdFor("r1:p7:firing", "exposureweb.example"), message.MessageId);
        Assert.Equal("r1:p7:firing", message.Headers[EmailSender.IdempotencyHeader]);
    }

    [Fact]
    public async Task SendAsync_SameIdempotencyKeyTwice_SameMessageIdSoTheDuplicateIsRecognisable()
    {
        var sender = Sender(_server.Port);
        var email = new EmailMessage(["risk@example.com"], "Alert", "text", null, "r1:p7:firing");

        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(email with { IdempotencyKey = "r1:p7:resolved" }, CancellationToken.None);

        var ids = _server.Messages.Select(m => m.Message.MessageId).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Matches("^alert-[0-9a-f]{32}@exposureweb.example$", ids[0]);
    }

    [Fact]
    public async Task SendAsync_TextOnly_SinglePlainTextPart()
    {
        var outcome = await Sender(_server.Port).SendAsync(
            new EmailMessage(["risk@example.com"], "Alert", "only text", null, "r1:p7:firing"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var body = Assert.IsType<TextPart>(Assert.Single(_server.Messages).Message.Body);
        Assert.True(body.IsPlain);
    }

    [Fact]
    public async Task SendAsync_Server451_RetryableWithTheReplyCode()
    {
        _server.Reply = new SmtpResponse((SmtpReplyCode)451, "4.3.0 Mail server temporarily rejected message");

        var outcome = await Sender(_server.Port).SendAsync(Email(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retryable);
        Assert.Equal(451, outcome.StatusCode);
        Assert.Contains("451", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_Server550_NotRetryable()
    {
        _server.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 Mailbox unavailable");

        var outcome = await Sender(_server.Port).SendAsync(Email(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Equal(550, outcome.StatusCode);
    }

    [Fact]
    public async Task SendAsync_NoServerListening_RetryableConnectionError()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var outcome = await Sender(port).SendAsync(Email(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Retryable);
        Assert.Contains("SMTP connection failed", outcome.Error);
    }

    [Fact]
    public async Task SendAsync_InvalidRecipient_PermanentWithoutContactingTheServer()
    {
        var outcome = await Sender(_server.Port).SendAsync(Email() with { To = ["not an address"] }, CancellationToken.None);

        Assert.False(outcome.Retryable);
        Assert.Contains("invalid recipient", outcome.Error);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task SendAsync_SmtpNotConfigured_PermanentAndSaysWhichSetting()
    {
        var outcome = await new EmailSender(new AlertDeliveryOptions(), TimeProvider.System).SendAsync(Email(), CancellationToken.None);

        Assert.False(outcome.Retryable);
        Assert.Contains("Alerts:Delivery:Smtp:Host", outcome.Error);
    }

    private static EmailMessage Email() => new(["risk@example.com"], "Alert", "text", null, "r1:p7:firing");

    private static EmailSender Sender(int port) => new(
        new AlertDeliveryOptions
        {
            TimeoutSeconds = 5,
            Smtp = new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Security = SmtpSecurity.None,
                From = "ExposureWeb alerts <alerts@exposureweb.example>",
            },
        },
        TimeProvider.System);
}
