using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>
/// MutualTLSClientAuthenticator on the token endpoint over real TLS, in a home that says nothing
/// about it (on, as in IS 7): the registered certificate, subject DN, certificate token binding,
/// one authentication method per request, and the seed's own curl line.
/// </summary>
public sealed class MutualTlsClientAuthenticationTests(SharedHostFixture fixture) : OAuthHostTests(fixture)
{
    private static Dictionary<string, string> MutualTlsPasswordForm(string clientId) =>
        new() { ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" };

    [Fact]
    public async Task MutualTls_ByDefault_GivesABearerToken_UsableWithoutTheCertificate()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await Calls.RegisterAsync(alice);

        var wrong = await Calls.TokenAsync(MutualTlsPasswordForm(app.ClientId), TestPki.Instance.Client("bob"));
        Assert.Equal(401, wrong.Status);
        Assert.Equal("invalid_client", wrong.Body.GetProperty("error").GetString());

        var (status, body) = await Calls.TokenAsync(MutualTlsPasswordForm(app.ClientId), alice);
        Assert.Equal(200, status);
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await Calls.MeAsync(token)).Status);
        Assert.Equal(200, (await Calls.MeAsync(token, TestPki.Instance.Client("bob"))).Status);
        var introspected = await Calls.TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.False(introspected.Body.TryGetProperty("cnf", out _));
    }

    [Fact]
    public async Task CertificateBinding_TokenWorksOnlyOverTlsWithItsCertificate()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await Calls.RegisterAsync(alice, "\"tokenBindingType\":\"certificate\"");
        var registered = JsonDocument.Parse((await Host.SendAsync(HttpMethod.Get, $"/api/server/v1/applications/{app.ClientId}", null, null, OAuthCalls.Admin)).Body).RootElement;
        Assert.Equal("certificate", registered.GetProperty("tokenBindingType").GetString());
        Assert.Equal("admin", registered.GetProperty("owner").GetString());

        var (status, body) = await Calls.TokenAsync(MutualTlsPasswordForm(app.ClientId), alice);
        Assert.Equal(200, status);
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await Calls.MeAsync(token, alice)).Status);
        Assert.Equal(401, (await Calls.MeAsync(token)).Status);
        Assert.Equal(401, (await Calls.MeAsync(token, TestPki.Instance.Client("bob"))).Status);

        var introspected = await Calls.TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.Equal(OAuthCalls.X5tS256(alice), introspected.Body.GetProperty("cnf").GetProperty("x5t#S256").GetString());

        // The refresh token is bound too: refreshing needs the same certificate.
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = app.ClientId, ["refresh_token"] = body.GetProperty("refresh_token").GetString()! };
        Assert.Equal(200, (await Calls.TokenAsync(refresh, alice)).Status);
    }

    [Fact]
    public async Task CertificateBinding_BindsSecretAuthenticatedTokens_AndNeedsACertificate()
    {
        var bob = TestPki.Instance.Client("bob");
        var app = await Calls.RegisterAsync(null, "\"tokenBindingType\":\"certificate\"");
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" };

        var without = await Calls.TokenAsync(form, null, app);
        Assert.Equal(400, without.Status);
        Assert.Equal("invalid_request", without.Body.GetProperty("error").GetString());

        var with = await Calls.TokenAsync(form, bob, app);
        Assert.Equal(200, with.Status);
        var token = with.Body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await Calls.MeAsync(token, bob)).Status);
        Assert.Equal(401, (await Calls.MeAsync(token)).Status);
    }

    [Fact]
    public async Task MoreThanOneClientAuthenticationMethod_IsInvalidRequest()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await Calls.RegisterAsync(alice);
        var secretAndCertificate = MutualTlsPasswordForm(app.ClientId);
        secretAndCertificate["client_secret"] = app.Secret;

        var postAndTls = await Calls.TokenAsync(secretAndCertificate, alice);
        var basicAndTls = await Calls.TokenAsync(MutualTlsPasswordForm(app.ClientId), alice, app);
        var basicAndPost = await Calls.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret }, null, app);

        foreach (var (status, body) in new[] { postAndTls, basicAndTls, basicAndPost })
        {
            Assert.Equal(400, status);
            Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        }

        // One method at a time still works, a certificate without client_id being no method at all.
        Assert.Equal(200, (await Calls.TokenAsync(new() { ["grant_type"] = "client_credentials" }, alice, app)).Status);
    }

    [Fact]
    public async Task SubjectDn_WhenRegistered_MustEqualThePresentedSubject()
    {
        var alice = TestPki.Instance.Client("alice");
        var matching = await Calls.RegisterAsync(alice, $"\"tlsClientAuthSubjectDn\":{JsonSerializer.Serialize(alice.Subject)}");
        var other = await Calls.RegisterAsync(alice, "\"tlsClientAuthSubjectDn\":\"CN=someone-else, O=WSO2\"");

        Assert.Equal(200, (await Calls.TokenAsync(MutualTlsPasswordForm(matching.ClientId), alice)).Status);
        var refused = await Calls.TokenAsync(MutualTlsPasswordForm(other.ClientId), alice);
        Assert.Equal(401, refused.Status);
        var audit = await Host.AuditRecordAsync(r => r.GetProperty("path").GetString() == "/oauth2/token"
            && r.GetProperty("reason").GetString()?.Contains("tls_client_auth_subject_dn", StringComparison.Ordinal) == true);
        Assert.Equal("failure", audit.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("\"certificate\":\"x\",\"jwksUri\":\"https://127.0.0.1/jwks\"")]
    [InlineData("\"jwksUri\":\"http://127.0.0.1/jwks\"")]
    [InlineData("\"tokenBindingType\":\"cookie\"")]
    public async Task Applications_RefuseRegistrationsTheProductCouldNotHold(string json)
    {
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications", $$"""{"name":"bad-{{Guid.NewGuid():N}}",{{json}}}""", null, OAuthCalls.Admin);

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task SeedCurlCalls_Work()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await Calls.RegisterAsync(alice);
        var dir = Fixture.Home.Root;
        var (ca, cert, key) = (Path.Combine(dir, "ca.pem"), Path.Combine(dir, "certificate.pem"), Path.Combine(dir, "key.pem"));
        await File.WriteAllTextAsync(ca, TestPki.Instance.ServerCa.ExportCertificatePem());
        await File.WriteAllTextAsync(cert, alice.ExportCertificatePem());
        await File.WriteAllTextAsync(key, alice.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var url = $"https://localhost:{Host.Port}/oauth2/token";

        var basic = Curl("--cacert", ca, "-u", $"{app.ClientId}:{app.Secret}", "-d", "grant_type=password&username=alice&password=alicepw&scope=internal_login", url);
        // The seed's line, word for word but for the port: mutual TLS by client_id and certificate, no secret.
        var seed = Curl("-k", "-d", $"grant_type=password&username=admin&password=admin&client_id={app.ClientId}",
            "-H", "Content-Type: application/x-www-form-urlencoded", url, "-i", "--cert", cert, "--key", key);
        var scoped = Curl("-k", "-d", $"grant_type=password&username=admin&password=admin&client_id={app.ClientId}&scope=internal_identity_mgt_view",
            "-H", "Content-Type: application/x-www-form-urlencoded", url, "-i", "--cert", cert, "--key", key);

        Assert.Equal("Bearer", JsonDocument.Parse(basic).RootElement.GetProperty("token_type").GetString());
        Assert.StartsWith("HTTP/", seed, StringComparison.Ordinal);
        Assert.Contains(" 200", seed.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal("Bearer", JsonDocument.Parse(seed[(seed.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement.GetProperty("token_type").GetString());
        Assert.Equal("internal_identity_mgt_view", JsonDocument.Parse(scoped[(scoped.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task MutualTlsSwitchedOffByTheProductKey_SeedCallIsInvalidClient()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await Calls.RegisterAsync(alice);
        Host.Reconfigure(Fixture.Home, "[event.default_listener.mutual_tls_authenticator]\nenable = false\n");
        try
        {
            var reply = await Calls.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["client_id"] = app.ClientId }, alice);

            Assert.Equal(401, reply.Status);
            Assert.Equal("invalid_client", reply.Body.GetProperty("error").GetString());
        }
        finally
        {
            Host.Reconfigure(Fixture.Home, "");
        }
    }

    private static string Curl(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sS", "--fail-with-body" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + error);
        return output;
    }
}
