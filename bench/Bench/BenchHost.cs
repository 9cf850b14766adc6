using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Bench;

/// <summary>The real host on a development home, in this process on a free port, and a keep-alive TLS client for it.</summary>
public sealed class BenchHost : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compathost-bench-host").FullName;
    private readonly WebApplication _app;

    /// <param name="prepare">Edits the fresh home's files (config, truststore) before the host reads them.</param>
    public BenchHost(Action<HostCore>? seed = null, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null,
        Action<DevelopmentHome.Files, ProductHome>? prepare = null)
    {
        Files = DevelopmentHome.Create(ProductHome.At(_root));
        prepare?.Invoke(Files, ProductHome.At(_root));
        Core = HostCore.Open(ProductHome.At(_root), NullLoggerFactory.Instance);
        seed?.Invoke(Core);
        _app = CompatHostApp.Build(Core, 0, b =>
        {
            b.Logging.ClearProviders();
            configure?.Invoke(b);
        });
        map?.Invoke(_app);
        _app.StartAsync().GetAwaiter().GetResult();
        var admin = X509Certificate2.CreateFromPemFile(Files.AdminCertificate, Files.AdminKey);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => admin;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        Address = new Uri($"https://127.0.0.1:{CompatHostApp.ListeningAddress(_app, Core.Settings).Port}");
        Client = new HttpClient(handler) { BaseAddress = Address };
    }

    public Uri Address { get; }

    public DevelopmentHome.Files Files { get; }

    public HostCore Core { get; }

    /// <summary>Presents the development admin certificate when asked.</summary>
    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        Directory.Delete(_root, true);
    }
}
