using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Security;
using CompatHost.Sdk.Certificates;

namespace CompatHost.Host.Configuration;

/// <summary>
/// First start of an empty home: a development CA, a server certificate for
/// localhost/127.0.0.1, an <c>admin</c> client certificate, and a commented deployment.toml
/// that maps that certificate to the super admin. Never touches a home that has a config.
/// </summary>
public static class DevelopmentHome
{
    public const string StorePassword = "wso2carbon";

    public sealed record Files(string CaCertificate, string AdminCertificate, string AdminKey, string Keystore, string Truststore);

    /// <summary>Only a home with none of the three config files is set up: a legacy home with only XML is the operator's.</summary>
    public static bool NeedsSetup(ProductHome home) =>
        !File.Exists(home.DeploymentToml) && !File.Exists(home.IdentityXml) && !File.Exists(home.AuthenticatorsXml);

    public static Files Create(ProductHome home)
    {
        Directory.CreateDirectory(home.SecurityDir);
        Directory.CreateDirectory(Path.GetDirectoryName(home.DeploymentToml)!);
        Directory.CreateDirectory(home.DropinsDir);
        var files = new Files(
            Path.Combine(home.SecurityDir, "ca.crt"),
            Path.Combine(home.SecurityDir, "admin.crt"),
            Path.Combine(home.SecurityDir, "admin.key"),
            Path.Combine(home.SecurityDir, "wso2carbon.p12"),
            Path.Combine(home.SecurityDir, "client-truststore.pem"));

        using var ca = CertificateFactory.CreateAuthority("CN=CompatHost Development CA, O=CompatHost", TimeSpan.FromDays(3650));
        using var server = CertificateFactory.Issue(ca, "CN=localhost, O=CompatHost", TimeSpan.FromDays(825), true, "localhost", "127.0.0.1", "::1");
        using var admin = CertificateFactory.Issue(ca, "CN=admin, O=CompatHost", TimeSpan.FromDays(825), false);

        CertificateFactory.WritePem(ca, files.CaCertificate);
        CertificateFactory.WritePem(ca, files.Truststore);
        CertificateFactory.WritePem(admin, files.AdminCertificate, files.AdminKey);
        var chain = new X509Certificate2Collection { server, ca };
        File.WriteAllBytes(files.Keystore, chain.Export(X509ContentType.Pkcs12, StorePassword)!);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.Keystore, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(home.DeploymentToml, Template(ca, admin));
        return files;
    }

    private static string Template(X509Certificate2 ca, X509Certificate2 admin) => $$"""
        # CompatHost development configuration, generated on first start.
        # Same keys as the product's deployment.toml; see README.md for every key read.

        [server]
        hostname = "localhost"
        offset = 0                        # HTTPS port = 9443 + offset

        [super_admin]
        username = "admin"
        password = "admin"                # change before anyone else can reach this host
        create_admin_account = true

        [keystore.primary]                # server certificate for localhost and 127.0.0.1
        file_name = "wso2carbon.p12"
        type = "PKCS12"
        password = "{{StorePassword}}"
        alias = "wso2carbon"
        key_password = "{{StorePassword}}"

        [truststore]                      # client certificates must chain to these
        file_name = "client-truststore.pem"
        type = "PEM"
        password = ""

        [transport.https]
        client_auth = "want"              # want | need | none

        # REST: client certificates authenticate nobody unless enabled and mapped (advisory WSO2-2025-4494).
        [client_certificate_based_authentication]
        enable = true

        # The generated admin client certificate (security/admin.crt) acts as the super admin.
        [[client_certificate_based_authentication.system_thumbprint_mapping]]
        trusted_issuer = "{{ca.Subject}}"
        cert_thumbprint = "{{Thumbprint.Sha256(admin).ToColonForm()}}"
        allowed_system_user = "admin"

        # SOAP admin services: the same certificate may act as a user named in the UserName header.
        [admin_console.authenticator.mutual_ssl_authenticator]
        enable = true
        priority = 5

        [admin_console.authenticator.mutual_ssl_authenticator.config]
        UsernameHeader = "UserName"
        WhiteListEnabled = true
        WhiteList = "{{Thumbprint.Sha256(admin).Hex}}"

        # Shows ?wsdl of the admin services so clients can be generated against this home. Production
        # homes leave it off, as the product does (HideAdminServiceWSDLs): a WSDL maps every
        # operation for an attacker, and clients are generated once, not on every start.
        [admin_service.wsdl]
        enable = true

        """;
}
