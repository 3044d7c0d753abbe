using System.Net;
using System.Net.Sockets;

namespace ExposureWeb.DevChain.Anvil;

public static class FreePort
{
    /// <summary>A loopback port free at the time of asking (the OS picks it).</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
