using System.Net;
using System.Net.Sockets;

namespace CompatHost.Tests.Support;

public static class Loopback
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago, for servers that cannot be told "port 0".</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port (a server process starting).</summary>
    public static async Task WaitForListenerAsync(int port, Func<string> diagnostics)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nothing listens on 127.0.0.1:{port}: {diagnostics()}");
    }
}
