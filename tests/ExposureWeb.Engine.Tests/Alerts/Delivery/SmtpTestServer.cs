using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace ExposureWeb.Engine.Tests.Alerts.Delivery;

/// <summary>A message the test SMTP server took: the envelope and the parsed message.</summary>
public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, plain text, no authentication. It keeps
/// the messages it accepts; <see cref="Reply"/> makes it refuse the message at the end of DATA with that reply instead.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly SmtpServerHost _server;
    private readonly Task _running;
    private readonly Store _store;

    private SmtpTestServer(SmtpServerHost server, Task running, Store store, int port)
    {
        _server = server;
        _running = running;
        _store = store;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Messages accepted so far.</summary>
    public IReadOnlyList<ReceivedMail> Messages => _store.Messages.ToArray();

    /// <summary>The reply to DATA; null accepts (250).</summary>
    public SmtpResponse? Reply
    {
        get => _store.Reply;
        set => _store.Reply = value;
    }

    /// <summary>Starts a server and waits until it listens.</summary>
    public static async Task<SmtpTestServer> StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var store = new Store();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Port 0 is chosen by the OS when the listener binds: the listener factory reports the bound endpoint.
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var server = new SmtpServerHost(options, services);
        var running = server.StartAsync(CancellationToken.None);
        var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpTestServer(server, running, store, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

        public volatile SmtpResponse? Reply;

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Reply is { } refusal)
                return refusal;
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Messages.Enqueue(new ReceivedMail(
                transaction.From.AsAddress(), transaction.To.Select(t => t.AsAddress()).ToArray(), message));
            return SmtpResponse.Ok;
        }
    }
}
