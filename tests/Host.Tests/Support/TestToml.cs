namespace CompatHost.Tests.Support;

/// <summary>deployment.toml fragments several tests share.</summary>
public static class TestToml
{
    /// <summary>Client-certificate authentication on, any certificate from the test CA acting as <paramref name="user"/>.</summary>
    public static string AnyCertificateFromTheCaActsAs(string user) => AnyCertificateFrom(TestPki.AdvisoryDn, user);

    /// <summary>Client-certificate authentication on, any certificate <paramref name="issuerDn"/> issued acting as <paramref name="user"/>.</summary>
    public static string AnyCertificateFrom(string issuerDn, string user) => $"""
        [client_certificate_based_authentication]
        enable = true
        {SystemMapping(issuerDn, user)}
        """;

    /// <summary>One system mapping: any certificate from <paramref name="issuerDn"/> acts as <paramref name="user"/>.</summary>
    public static string SystemMapping(string issuerDn, string user) => $"""
        [[client_certificate_based_authentication.system_thumbprint_mapping]]
        trusted_issuer = "{issuerDn}"
        cert_thumbprint = "*"
        allowed_system_user = "{user}"

        """;
}
