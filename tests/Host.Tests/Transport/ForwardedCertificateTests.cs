using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Transport;

/// <summary>
/// [client_certificate_forwarding]: a certificate a trusted proxy forwards is verified like one
/// from the handshake before anything sees it; from anyone else the header is removed, never used.
/// Any certificate from the test CA acts as alice, so a 200 can only come from a certificate
/// the host accepted.
/// </summary>
public sealed class ForwardedCertificateTests(ForwardedCertificateTests.HostFixture fixture) : IClassFixture<ForwardedCertificateTests.HostFixture>
{
    private const string MutualTlsOAuth = "[event.default_listener.mutual_tls_client_authenticator]\nenable = true\n";

    private static readonly X509Certificate2 Bob = TestPki.Instance.Client("bob");

    private RunningHost Host => fixture.Host;

    [NginxFact]
    public async Task ThroughNginx_TheCertificateItVerified_Authenticates()
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + TestToml.AnyCertificateFromTheCaActsAs("alice"));
        using var nginx = await NginxProxy.StartAsync(Host.Port);

        var (status, body) = await nginx.Client.GetAsync("/scim2/Me", Bob);

        Assert.True(status == 200, $"{status} {body} {nginx.ErrorLog()}");
        Assert.Equal("alice", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
    }

    [NginxFact]
    public async Task ThroughNginx_OAuthMutualTlsClientAuthentication_UsesTheForwardedCertificate()
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + MutualTlsOAuth);
        var clientId = await RegisterAsync(Bob);
        using var nginx = await NginxProxy.StartAsync(Host.Port);
        using var client = nginx.Client.Client(Bob);

        using var response = await client.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = "alice", ["password"] = "alicepw", ["scope"] = "internal_login",
        }));

        Assert.Equal(200, (int)response.StatusCode);
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("alice", await IntrospectUserAsync(token.GetProperty("access_token").GetString()!));
    }

    [NginxFact]
    public async Task ThroughNginx_SoapMutualSslAuthenticator_UsesTheForwardedCertificate()
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + $"""
            [admin_console.authenticator.mutual_ssl_authenticator]
            enable = true
            [admin_console.authenticator.mutual_ssl_authenticator.config]
            WhiteListEnabled = true
            WhiteList = "{TestPki.Fingerprint(Bob)}"
            """);
        using var nginx = await NginxProxy.StartAsync(Host.Port);
        var before = await Host.SettledAuditCountAsync();

        var reply = await nginx.Client.PostSoapAsync("/services/RemoteUserStoreManagerService",
            File.ReadAllText(Soap.GoldenEnvelopeTests.FixtureFile("isExistingUser.request.xml")), "isExistingUser",
            Bob, ("UserName", Convert.ToBase64String("admin"u8.ToArray())));

        Assert.True(reply.Status == 200, reply.Body);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("operation").GetString() == "isExistingUser", before);
        Assert.Equal("MutualSSLAuthenticator", record.GetProperty("handler").GetString());
        Assert.Equal("admin", record.GetProperty("user").GetString());
    }

    [NginxFact]
    public async Task ThroughNginx_WhenTheProxyIsNotTrusted_TheHeaderIsIgnored()
    {
        Host.Reconfigure(fixture.Home, Forwarding("10.0.0.0/8") + TestToml.AnyCertificateFromTheCaActsAs("alice"));
        using var nginx = await NginxProxy.StartAsync(Host.Port);

        var (status, _) = await nginx.Client.GetAsync("/scim2/Me", Bob);

        Assert.Equal(401, status);
    }

    /// <summary>The same header, sent straight to the host: used only from a trusted address with forwarding on.</summary>
    [Theory]
    [InlineData("10.0.0.0/8", 401)]
    [InlineData(null, 401)]
    [InlineData("127.0.0.1/32", 200)]
    public async Task HeaderSentDirectly_CountsOnlyFromATrustedAddress(string? trustedProxies, int expected)
    {
        var forwarding = trustedProxies is null ? "" : Forwarding(trustedProxies);
        Host.Reconfigure(fixture.Home, forwarding + TestToml.AnyCertificateFromTheCaActsAs("alice"));

        var (status, _) = await Host.GetAsync("/scim2/Me", null, ("X-Client-Cert", Escaped(Bob)));

        Assert.Equal(expected, status);
    }

    public static TheoryData<string, string> BadHeaders => new()
    {
        { "untrusted CA", Escaped(TestPki.Instance.Client("mallory")) },
        { "expired", Escaped(TestPki.Instance.Client("expired")) },
        { "undecodable", "-----BEGIN%20CERTIFICATE-----%0Agarbage" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task ForgedExpiredOrUndecodableHeader_FromATrustedProxy_IsA401_NeverA500(string what, string header)
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + TestToml.AnyCertificateFromTheCaActsAs("alice"));

        var (status, body) = await Host.GetAsync("/scim2/Me", null, ("X-Client-Cert", header));

        Assert.True(status == 401, $"{what}: {status} {body}");
    }

    [Fact]
    public async Task FromATrustedProxy_WithoutTheHeader_TheProxysOwnCertificateIsNotTheClients()
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + TestToml.AnyCertificateFromTheCaActsAs("alice"));

        Assert.Equal(401, (await Host.GetAsync("/scim2/Me", Bob)).Status);
    }

    [Fact]
    public async Task ForgedHeader_ReplacesTheProxysOwnConnectionCertificate_RatherThanFallingBackToIt()
    {
        Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + TestToml.AnyCertificateFromTheCaActsAs("alice"));

        var (status, _) = await Host.GetAsync("/scim2/Me", Bob, ("X-Client-Cert", Escaped(TestPki.Instance.Client("mallory"))));

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task ProductOAuthHeader_FromIdentityXml_IsHonouredFromATrustedProxyOnly()
    {
        var identityXml = Path.Combine(fixture.Home.Root, "identity-mtls.xml");
        File.WriteAllText(identityXml, "<Server><MutualTLS><ClientCertificateHeader>x-wso2-mtls-cert</ClientCertificateHeader></MutualTLS></Server>");
        fixture.Home.WriteIdentityXml(identityXml);
        try
        {
            Host.Reconfigure(fixture.Home, Forwarding("127.0.0.1/32") + MutualTlsOAuth);
            var clientId = await RegisterAsync(Bob);
            var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId };
            var der = Convert.ToBase64String(Bob.RawData);

            Assert.Equal(200, await TokenStatusAsync(form, ("x-wso2-mtls-cert", der)));

            Host.Reconfigure(fixture.Home, Forwarding("10.0.0.0/8") + MutualTlsOAuth);
            Assert.Equal(401, await TokenStatusAsync(form, ("x-wso2-mtls-cert", der)));
        }
        finally
        {
            File.Delete(fixture.Home.Home.IdentityXml);
        }
    }

    private static string Forwarding(string cidr) => $"""
        [client_certificate_forwarding]
        enable = true
        trusted_proxies = ["{cidr}"]
        header = "X-Client-Cert"
        format = "pem-urlencoded"

        """;

    /// <summary>What nginx's <c>$ssl_client_escaped_cert</c> holds.</summary>
    private static string Escaped(X509Certificate2 certificate) => Uri.EscapeDataString(certificate.ExportCertificatePem() + "\n");

    private async Task<string> RegisterAsync(X509Certificate2 certificate)
    {
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications",
            $$"""{"name":"app-{{Guid.NewGuid():N}}","grantTypes":["password","client_credentials"],"certificate":{{JsonSerializer.Serialize(certificate.ExportCertificatePem())}}}""",
            null, Basic.Header("admin", "admin"));
        Assert.Equal(201, reply.Status);
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("clientId").GetString()!;
    }

    private async Task<int> TokenStatusAsync(Dictionary<string, string> form, (string Name, string Value) header)
    {
        using var client = Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<string?> IntrospectUserAsync(string token)
    {
        var reply = await Host.SendContentAsync(HttpMethod.Post, "/oauth2/introspect",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }), null, Basic.Header("admin", "admin"));
        var body = JsonDocument.Parse(reply.Body).RootElement;
        return body.TryGetProperty("username", out var user) ? user.GetString() : reply.Body;
    }

    public sealed class HostFixture : SharedHostFixture;
}
