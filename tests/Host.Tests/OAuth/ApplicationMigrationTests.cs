using CompatHost.Host.OAuth;
using CompatHost.Host.Startup;
using CompatHost.Host.Storage;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CompatHost.Tests.OAuth;

/// <summary>Store migration 4 on a database that predates it (SQLite; PostgreSQL runs it in Scale/MultiNodeTests).</summary>
public sealed class ApplicationMigrationTests
{
    private static readonly string[] Added = ["jwks_uri", "tls_client_auth_subject_dn", "token_binding", "owner_tenant", "owner_domain", "owner_name"];

    /// <summary>Migration 5's (account lockout), which a schema-3 database does not have either.</summary>
    private static readonly string[] LockoutColumns = ["failed_attempts", "lockout_count", "unlock_time"];

    [Fact]
    public async Task ApplicationsFromBeforeBindingWasASetting_KeepCertificateBinding_OthersGetNone()
    {
        using var home = new TestHome();
        string withCertificate, withoutCertificate;
        using (var core = HostCore.Open(home.Home, NullLoggerFactory.Instance))
        {
            withCertificate = Add(core, TestPki.Instance.Client("alice").ExportCertificatePem());
            withoutCertificate = Add(core, null);
            // Back to schema 3: the columns and the records of migration 4 and every later one gone.
            await using var connection = await core.Database.OpenAsync(CancellationToken.None);
            foreach (var column in Added)
            {
                Sql.Execute(connection, $"ALTER TABLE oauth_apps DROP COLUMN {column}");
            }

            foreach (var column in LockoutColumns)
            {
                Sql.Execute(connection, $"ALTER TABLE users DROP COLUMN {column}");
            }

            // Migration 6: tenants can be deactivated.
            Sql.Execute(connection, "ALTER TABLE tenants DROP COLUMN active");

            Sql.Execute(connection, "DELETE FROM schema_version WHERE version >= 4");
        }

        using var upgraded = HostCore.Open(home.Home, NullLoggerFactory.Instance);

        Assert.Equal(TokenBindingType.Certificate, upgraded.OAuth.FindApplication(withCertificate)!.TokenBinding);
        var plain = upgraded.OAuth.FindApplication(withoutCertificate)!;
        Assert.Equal(TokenBindingType.None, plain.TokenBinding);
        Assert.Null(plain.Owner);
        Assert.Null(plain.JwksUri);
    }

    private static string Add(HostCore core, string? pem) =>
        core.OAuth.AddApplication(new ApplicationRegistration("app-" + Guid.NewGuid().ToString("N"), QualifiedUserName.SuperTenant,
            ApplicationRegistration.DefaultGrants, null, pem, null, null, null, QualifiedUserName.Parse("admin"))).Application.ClientId;
}
