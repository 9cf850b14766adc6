namespace CompatHost.Host.Configuration;

/// <summary><c>[server]</c> and <c>[transport.https]</c>. Port = 9443 + offset unless <c>--port</c> says otherwise.</summary>
public sealed record ServerSettings(string Hostname, int Offset, ClientAuthMode ClientAuth)
{
    public const int BasePort = 9443;

    public int Port => BasePort + Offset;
}
