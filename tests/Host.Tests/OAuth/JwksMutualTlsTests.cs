using System.Diagnostics;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// Mutual-TLS client authentication against an application's JWKS (the product's jwksURI path),
/// over real TLS both ways: the client to the host, the host to a JWKS endpoint on 127.0.0.1.
/// Every way the JWKS can fail is <c>invalid_client</c> with the reason in the audit log.
/// </summary>
public sealed class JwksMutualTlsTests(JwksMutualTlsTests.Fixture fixture) : IClassFixture<JwksMutualTlsTests.Fixture>
{
    private RunningHost Host => fixture.Host;

    private async Task<string> RegisterAsync(Uri jwksUri, string extra = "") =>
        (await new OAuthCalls(Host).RegisterAsync(null, $"\"jwksUri\":\"{jwksUri}\"{extra}")).ClientId;

    private async Task<int> TokenAsync(string clientId, string certificate = "alice")
    {
        using var client = Host.Client(TestPki.Instance.Client(certificate));
        using var response = await client.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId,
        }));
        return (int)response.StatusCode;
    }

    private async Task<string> FailureReasonAsync(string clientId)
    {
        var skip = await Host.SettledAuditCountAsync();
        Assert.Equal(401, await TokenAsync(clientId));
        var record = await Host.AuditRecordAsync(r => r.GetProperty("path").GetString() == "/oauth2/token", skip);
        Assert.Equal("failure", record.GetProperty("outcome").GetString());
        return record.GetProperty("reason").GetString()!;
    }

    [Theory]
    [InlineData("/x5t/alice")]
    [InlineData("/x5c/alice")]
    public async Task KeyCarryingThePresentedCertificate_Authenticates(string path)
    {
        var clientId = await RegisterAsync(fixture.Jwks.Url(path));

        Assert.Equal(200, await TokenAsync(clientId));
        Assert.Equal(401, await TokenAsync(clientId, "bob"));
    }

    [Fact]
    public async Task SubjectDn_AppliesToJwksMatchesToo()
    {
        var alice = TestPki.Instance.Client("alice");
        var matching = await RegisterAsync(fixture.Jwks.Url("/x5t/alice"), $",\"tlsClientAuthSubjectDn\":{JsonSerializer.Serialize(alice.Subject)}");
        var other = await RegisterAsync(fixture.Jwks.Url("/x5t/alice"), ",\"tlsClientAuthSubjectDn\":\"CN=bob\"");

        Assert.Equal(200, await TokenAsync(matching));
        Assert.Contains("tls_client_auth_subject_dn", await FailureReasonAsync(other), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwksEndpointDown_IsInvalidClient()
    {
        var clientId = await RegisterAsync(new Uri($"https://127.0.0.1:{JwksServer.ClosedPort()}/jwks"));

        Assert.Contains("could not be fetched", await FailureReasonAsync(clientId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwksEndpointSlowerThanTheTimeout_IsInvalidClient_WithinTheTimeout()
    {
        var clientId = await RegisterAsync(fixture.Jwks.Url("/slow"));
        var clock = Stopwatch.StartNew();

        var reason = await FailureReasonAsync(clientId);

        Assert.Contains("did not answer within 3 s", reason, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("/garbage", "not a valid JWKS")]
    [InlineData("/huge", "could not be fetched")]
    [InlineData("/status/500", "answered 500")]
    [InlineData("/status/302", "answered 302")]
    public async Task JwksEndpointAnsweringGarbage_IsInvalidClient(string path, string reason)
    {
        var clientId = await RegisterAsync(fixture.Jwks.Url(path));

        Assert.Contains(reason, await FailureReasonAsync(clientId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwksServerOutsideTheTruststore_IsInvalidClient()
    {
        await using var untrusted = await JwksServer.StartAsync(trusted: false);
        var clientId = await RegisterAsync(untrusted.Url("/x5t/alice"));

        Assert.Contains("could not be fetched", await FailureReasonAsync(clientId), StringComparison.Ordinal);
    }

    /// <summary>The host and one JWKS server for the class (re-implements the lifetime to add the server).</summary>
    public sealed class Fixture : SharedHostFixture, IAsyncLifetime
    {
        public JwksServer Jwks { get; private set; } = null!;

        async Task IAsyncLifetime.InitializeAsync()
        {
            Jwks = await JwksServer.StartAsync();
            await InitializeAsync();
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Jwks.DisposeAsync();
        }
    }
}
