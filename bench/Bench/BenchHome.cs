using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Security;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Bench;

/// <summary>A throwaway home with a CA, an alice certificate mapped to admin, and users, opened as the host opens it.</summary>
public sealed class BenchHome : IDisposable
{
    private BenchHome()
    {
        Root = Directory.CreateTempSubdirectory("compathost-bench").FullName;
        var home = ProductHome.At(Root);
        Directory.CreateDirectory(home.ConfDir);
        Ca = CertificateFactory.CreateAuthority("CN=Bench CA, O=CompatHost", TimeSpan.FromDays(30));
        Alice = CertificateFactory.Issue(Ca, "CN=alice", TimeSpan.FromDays(7), false);
        File.WriteAllText(home.DeploymentToml, $"""
            [client_certificate_based_authentication]
            enable = true
            [[client_certificate_based_authentication.system_thumbprint_mapping]]
            trusted_issuer = "{Ca.Subject}"
            cert_thumbprint = "{Thumbprint.Sha256(Alice).ToColonForm()}"
            allowed_system_user = "admin"

            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            WhiteListEnabled = true
            WhiteList = "{Thumbprint.Sha256(Alice).Hex}"
            """);
    }

    public static async Task<BenchHome> CreateAsync()
    {
        var bench = new BenchHome();
        bench.Core = await HostCore.OpenAsync(ProductHome.At(bench.Root), NullLoggerFactory.Instance, CancellationToken.None);
        await bench.Core.Store.AddUserAsync(QualifiedUserName.Parse("alice"), "alicepw", [], new Dictionary<string, string>());
        return bench;
    }

    public string Root { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Alice { get; }

    public HostCore Core { get; private set; } = null!;

    public void Dispose()
    {
        Directory.Delete(Root, true);
    }
}
