namespace CompatHost.Tests.Support;

/// <summary>deployment.toml fragments several tests share.</summary>
public static class TestToml
{
    /// <summary>Client-certificate authentication on, any certificate from the test CA acting as <paramref name="user"/>.</summary>
    public static string AnyCertificateFromTheCaActsAs(string user) => $"""
        [client_certificate_based_authentication]
        enable = true
        [[client_certificate_based_authentication.system_thumbprint_mapping]]
        trusted_issuer = "{TestPki.AdvisoryDn}"
        cert_thumbprint = "*"
        allowed_system_user = "{user}"

        """;
}
