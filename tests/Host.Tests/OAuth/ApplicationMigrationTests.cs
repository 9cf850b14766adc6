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
        {
            var core = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);
            withCertificate = await AddAsync(core, TestPki.Instance.Client("alice").ExportCertificatePem());
            withoutCertificate = await AddAsync(core, null);
            // Back to schema 3: the columns and the records of migration 4 and every later one gone.
            await using var connection = await core.Database.OpenAsync(CancellationToken.None);
            foreach (var column in Added)
            {
                await Sql.ExecuteAsync(connection, $"ALTER TABLE oauth_apps DROP COLUMN {column}", CancellationToken.None);
            }

            foreach (var column in LockoutColumns)
            {
                await Sql.ExecuteAsync(connection, $"ALTER TABLE users DROP COLUMN {column}", CancellationToken.None);
            }

            // Migration 6: tenants can be deactivated.
            await Sql.ExecuteAsync(connection, "ALTER TABLE tenants DROP COLUMN active", CancellationToken.None);

            await Sql.ExecuteAsync(connection, "DELETE FROM schema_version WHERE version >= 4", CancellationToken.None);
        }

        var upgraded = await HostCore.OpenAsync(home.Home, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Equal(TokenBindingType.Certificate, (await upgraded.OAuth.FindApplicationAsync(withCertificate))!.TokenBinding);
        var plain = (await upgraded.OAuth.FindApplicationAsync(withoutCertificate))!;
        Assert.Equal(TokenBindingType.None, plain.TokenBinding);
        Assert.Null(plain.Owner);
        Assert.Null(plain.JwksUri);
    }

    private static async Task<string> AddAsync(HostCore core, string? pem) =>
        (await core.OAuth.AddApplicationAsync(new ApplicationRegistration("app-" + Guid.NewGuid().ToString("N"), QualifiedUserName.SuperTenant,
            ApplicationRegistration.DefaultGrants, null, pem, null, null, null, QualifiedUserName.Parse("admin")))).Application.ClientId;
}
