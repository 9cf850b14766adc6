using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Host.Configuration;
using CompatHost.Host.Startup;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.Startup;

/// <summary>
/// A fresh home gets a working development setup: the generated admin certificate reaches
/// /scim2/Me over mutual TLS as the README shows, with HttpClient and with curl.
/// </summary>
public sealed class DevelopmentHomeTests
{
    [Fact]
    public async Task FreshHome_AdminCertificate_AuthenticatesAsAdmin()
    {
        var root = Directory.CreateTempSubdirectory("compathost-dev").FullName;
        try
        {
            var home = ProductHome.At(root);
            Assert.True(DevelopmentHome.NeedsSetup(home));
            var files = DevelopmentHome.Create(home);
            Assert.False(DevelopmentHome.NeedsSetup(home));

            var core = await HostCore.OpenAsync(home, NullLoggerFactory.Instance, CancellationToken.None);
            await using var app = CompatHostApp.Build(core, 0, b => b.Logging.ClearProviders());
            await app.StartAsync();
            var port = CompatHostApp.ListeningAddress(app, core.Settings).Port;

            var ca = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificate);
            using var admin = X509Certificate2.CreateFromPemFile(files.AdminCertificate, files.AdminKey);
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => admin;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) => ChainsTo(server!, ca);
            using var client = new HttpClient(handler);
            var body = await client.GetStringAsync($"https://127.0.0.1:{port}/scim2/Me");
            Assert.Equal("admin", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());

            if (File.Exists("/usr/bin/curl"))
            {
                var (exit, output) = Run("/usr/bin/curl", "-sS", "--fail", "--cacert", files.CaCertificate, "--cert", files.AdminCertificate,
                    "--key", files.AdminKey, "--resolve", $"localhost:{port}:127.0.0.1", $"https://localhost:{port}/scim2/Me");
                Assert.True(exit == 0, output);
                Assert.Equal("admin", JsonDocument.Parse(output).RootElement.GetProperty("userName").GetString());
            }

            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static bool ChainsTo(X509Certificate server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(server));
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
