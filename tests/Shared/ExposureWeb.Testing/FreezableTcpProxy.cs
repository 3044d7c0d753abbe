using System.Net;
using System.Net.Sockets;

namespace ExposureWeb.Testing;

/// <summary>
/// A TCP proxy on loopback in front of a node that can be frozen: from <see cref="Freeze"/> on, it still accepts
/// connections and reads what clients send, but forwards nothing either way — a node that is up and never answers, as an
/// overloaded provider behaves (a killed node refuses connections, which is the easy case).
/// </summary>
public sealed class FreezableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _frozen;

    public FreezableTcpProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string HttpUrl => $"http://127.0.0.1:{Port}";

    public string WsUrl => $"ws://127.0.0.1:{Port}";

    /// <summary>From now on nothing is forwarded, on open connections and new ones alike.</summary>
    public void Freeze() => _frozen = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            if (_frozen)
            {
                await SwallowAsync(client.GetStream());
                return;
            }
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            var a = PumpAsync(client.GetStream(), upstream.GetStream());
            var b = PumpAsync(upstream.GetStream(), client.GetStream());
            await Task.WhenAny(a, b);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                if (_frozen)
                {
                    await SwallowAsync(from);
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || true)
        {
            // A connection ending either way ends the pump.
        }
    }

    // Reads and drops whatever comes, never answering, until the client gives up or the proxy stops.
    private async Task SwallowAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception)
        {
            // The client gave up.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
