using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Transport;

/// <summary>
/// Only certificates that chain to the client truststore and are within their validity period
/// reach a handler. The mapping here accepts any certificate from the test CA as admin, so a
/// refusal can only come from the TLS layer's verdict.
/// </summary>
public sealed class TlsAcceptanceTests(TlsAcceptanceTests.HostFixture fixture) : IClassFixture<TlsAcceptanceTests.HostFixture>
{
    [Fact]
    public async Task TrustedCertificate_IsVerified_AndAuthenticates()
    {
        var (status, body) = await fixture.Host.GetAsync("/scim2/Me", TestPki.Instance.Client("alice"));

        Assert.Equal(200, status);
        Assert.Equal("admin", JsonDocument.Parse(body).RootElement.GetProperty("userName").GetString());
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("expired")]
    [InlineData("notyet")]
    public async Task UntrustedOrOutOfDateCertificate_NeverAuthenticates(string certificate)
    {
        var (status, _) = await fixture.Host.GetAsync("/scim2/Me", TestPki.Instance.Client(certificate));

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task NoCertificate_StillReachesTheChain_ForBasic()
    {
        var basic = Convert.ToBase64String("admin:admin"u8.ToArray());

        var (status, _) = await fixture.Host.GetAsync("/scim2/Me", null, ("Authorization", "Basic " + basic));

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task UnsecuredHealth_AnswersWithoutCredentials()
    {
        var (status, body) = await fixture.Host.GetAsync("/api/health");

        Assert.Equal(200, status);
        Assert.Contains("UP", body);
    }

    public sealed class HostFixture : SharedHostFixture
    {
        protected override string InitialToml => TestToml.AnyCertificateFromTheCaActsAs("admin");
    }
}
