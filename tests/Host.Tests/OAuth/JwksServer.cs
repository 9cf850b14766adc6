using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// An applications' JWKS endpoint for the tests: real HTTPS on 127.0.0.1 port 0, with a server
/// certificate from the test client CA (which the test home's truststore holds), or from the
/// untrusted CA. <c>/x5t/{name}</c> and <c>/x5c/{name}</c> publish a test client's certificate
/// one way or the other; <c>/garbage</c>, <c>/huge</c> (over 512 KB), <c>/slow</c> and <c>/status/{code}</c> misbehave;
/// <c>/switch</c> serves alice's key until <see cref="SwitchBroken"/> is set, and counts its hits.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _switchHits;

    private JwksServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public volatile bool SwitchBroken;

    public int SwitchHits => Volatile.Read(ref _switchHits);

    public Uri Url(string path) => new($"https://127.0.0.1:{Port}{path}");

    public static async Task<JwksServer> StartAsync(bool trusted = true)
    {
        var pki = TestPki.Instance;
        var certificate = TestPki.Issue(trusted ? pki.ClientCa : pki.UntrustedCa, "CN=jwks.test", server: true,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        JwksServer? server = null;
        app.MapGet("/x5t/{name}", (string name) => Keys(new { kty = "RSA", kid = name, x5t_S256 = JsonWebKeySet.X5tS256(pki.Client(name)) }));
        app.MapGet("/x5c/{name}", (string name) => Keys(new { kty = "RSA", kid = name, x5c = new[] { Convert.ToBase64String(pki.Client(name).RawData) } }));
        app.MapGet("/garbage", () => Results.Text("<html>not a key set</html>", "text/html"));
        app.MapGet("/huge", () => Results.Text("{\"keys\":[" + string.Join(',', Enumerable.Repeat("{\"kty\":\"RSA\"}", 60_000)) + "]}", "application/json"));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Keys();
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/switch", () =>
        {
            Interlocked.Increment(ref server!._switchHits);
            return server.SwitchBroken ? Results.StatusCode(503) : Keys(new { kty = "RSA", x5t_S256 = JsonWebKeySet.X5tS256(pki.Client("alice")) });
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server = new JwksServer(app, address.Port);
        return server;
    }

    /// <summary>A port nothing listens on: bound, read, released.</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // "x5t#S256" is not a C# name: written as x5t_S256 and renamed on the way out.
    private static IResult Keys(params object[] keys) =>
        Results.Text(JsonSerializer.Serialize(new { keys }).Replace("\"x5t_S256\"", "\"x5t#S256\""), "application/json");
}
