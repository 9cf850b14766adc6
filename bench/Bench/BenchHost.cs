using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Bench;

/// <summary>The real host on a development home, in this process on a free port, and a keep-alive TLS client for it.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compathost-bench-host").FullName;
    private WebApplication _app = null!;

    private BenchHost()
    {
    }

    /// <param name="prepare">Edits the fresh home's files (config, truststore) before the host reads them.</param>
    public static async Task<BenchHost> StartAsync(Func<HostCore, Task>? seed = null, Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null, Action<DevelopmentHome.Files, ProductHome>? prepare = null)
    {
        var host = new BenchHost();
        await host.OpenAsync(seed, configure, map, prepare);
        return host;
    }

    private async Task OpenAsync(Func<HostCore, Task>? seed, Action<WebApplicationBuilder>? configure, Action<WebApplication>? map,
        Action<DevelopmentHome.Files, ProductHome>? prepare)
    {
        Files = DevelopmentHome.Create(ProductHome.At(_root));
        prepare?.Invoke(Files, ProductHome.At(_root));
        Core = await HostCore.OpenAsync(ProductHome.At(_root), NullLoggerFactory.Instance, CancellationToken.None);
        if (seed is not null)
        {
            await seed(Core);
        }

        _app = CompatHostApp.Build(Core, 0, b =>
        {
            b.Logging.ClearProviders();
            configure?.Invoke(b);
        });
        map?.Invoke(_app);
        await _app.StartAsync();
        var admin = X509Certificate2.CreateFromPemFile(Files.AdminCertificate, Files.AdminKey);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => admin;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        Address = new Uri($"https://127.0.0.1:{CompatHostApp.ListeningAddress(_app, Core.Settings).Port}");
        Client = new HttpClient(handler) { BaseAddress = Address };
    }

    public Uri Address { get; private set; } = null!;

    public DevelopmentHome.Files Files { get; private set; } = null!;

    public HostCore Core { get; private set; } = null!;

    /// <summary>Presents the development admin certificate when asked.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_root, true);
    }
}
