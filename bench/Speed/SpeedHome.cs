using System.Security.Cryptography.X509Certificates;
using System.Text;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Sdk.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Speed;

/// <summary>
/// The home every host run serves: the development setup (its admin certificate maps to the super
/// admin for REST and MutualSSL) and one <c>client_credentials</c> application owned by the super admin,
/// on the home's SQLite file or on a PostgreSQL database.
/// </summary>
public sealed class SpeedHome : IDisposable
{
    private SpeedHome(string root, DevelopmentHome.Files files, string clientBasic)
    {
        Root = root;
        Files = files;
        ClientBasic = clientBasic;
        AdminCertificate = X509Certificate2.CreateFromPemFile(files.AdminCertificate, files.AdminKey);
    }

    public string Root { get; }

    public DevelopmentHome.Files Files { get; }

    /// <summary><c>Basic</c> header value of the application's client id and secret.</summary>
    public string ClientBasic { get; }

    public X509Certificate2 AdminCertificate { get; }

    /// <param name="postgres">
    /// A PostgreSQL connection string for the identity database (the product's
    /// <c>[database.identity_db] type = "postgre"</c>); the home's own SQLite file when none.
    /// </param>
    public static async Task<SpeedHome> CreateAsync(string? postgres)
    {
        var root = Directory.CreateTempSubdirectory("compathost-speed").FullName;
        var home = ProductHome.At(root);
        var files = DevelopmentHome.Create(home);
        if (postgres is not null)
        {
            await File.AppendAllTextAsync(home.DeploymentToml, $"\n[database.identity_db]\ntype = \"postgre\"\nurl = \"{postgres}\"\n");
        }

        var core = await HostCore.OpenAsync(home, NullLoggerFactory.Instance, CancellationToken.None);
        var (application, secret) = await core.OAuth.AddApplicationAsync(new ApplicationRegistration(
            "speed", "carbon.super", ["client_credentials"], null, null, null, null, null, QualifiedUserName.Parse("admin")));
        return new SpeedHome(root, files, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{application.ClientId}:{secret}")));
    }

    public void Dispose()
    {
        AdminCertificate.Dispose();
        Directory.Delete(Root, true);
    }
}
