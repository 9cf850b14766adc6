using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Host.OAuth;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>The OAuth2 flows as clients use them, over real TLS (oauth.md).</summary>
public sealed class OAuthFlowTests(OAuthFlowTests.Fixture fixture) : IClassFixture<OAuthFlowTests.Fixture>
{
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    /// <param name="extra">More JSON members of the registration, e.g. <c>"tokenBindingType":"certificate"</c>.</param>
    private async Task<(string ClientId, string Secret)> RegisterAsync(X509Certificate2? certificate = null, string extra = "")
    {
        var pem = certificate is null ? "null" : JsonSerializer.Serialize(certificate.ExportCertificatePem());
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications",
            $$"""{"name":"app-{{Guid.NewGuid():N}}","certificate":{{pem}}{{(extra.Length > 0 ? "," + extra : "")}}}""", null, Admin);
        Assert.Equal(201, reply.Status);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        return (body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
    }

    private async Task<(int Status, JsonElement Body)> TokenAsync(Dictionary<string, string> form, X509Certificate2? certificate = null,
        (string, string)? clientBasic = null, string path = "/oauth2/token")
    {
        using var client = Host.Client(certificate);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (clientBasic is { } basic)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Basic.Header(basic.Item1, basic.Item2).Item2);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> PasswordTokenAsync((string Id, string Secret) app, string user, string password, string scope)
    {
        var (status, body) = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = user, ["password"] = password, ["scope"] = scope }, null, app);
        Assert.Equal(200, status);
        return body.GetProperty("access_token").GetString()!;
    }

    private Task<(int Status, string Body)> MeAsync(string token, X509Certificate2? certificate = null, string path = "/scim2/Me") =>
        Host.GetAsync(path, certificate, ("Authorization", "Bearer " + token));

    [Fact]
    public async Task PasswordGrant_WithBasicClientAuthentication_GivesAWorkingBearerToken()
    {
        var app = await RegisterAsync();

        var (status, body) = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alicepw", ["scope"] = "internal_login" }, null, app);

        Assert.Equal(200, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("internal_login", body.GetProperty("scope").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt64() > 0);
        Assert.True(body.GetProperty("access_token").GetString()!.Length >= 43);
        Assert.True(body.TryGetProperty("refresh_token", out _));
        var me = await MeAsync(body.GetProperty("access_token").GetString()!);
        Assert.Equal(200, me.Status);
        Assert.Equal("alice", JsonDocument.Parse(me.Body).RootElement.GetProperty("userName").GetString());
    }

    private static Dictionary<string, string> MutualTlsPasswordForm(string clientId) =>
        new() { ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" };

    private static string X5tS256(X509Certificate2 certificate) =>
        Convert.ToBase64String(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task MutualTls_ByDefault_GivesABearerToken_UsableWithoutTheCertificate()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice);

        var wrong = await TokenAsync(MutualTlsPasswordForm(app.ClientId), TestPki.Instance.Client("bob"));
        Assert.Equal(401, wrong.Status);
        Assert.Equal("invalid_client", wrong.Body.GetProperty("error").GetString());

        var (status, body) = await TokenAsync(MutualTlsPasswordForm(app.ClientId), alice);
        Assert.Equal(200, status);
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await MeAsync(token)).Status);
        Assert.Equal(200, (await MeAsync(token, TestPki.Instance.Client("bob"))).Status);
        var introspected = await TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.False(introspected.Body.TryGetProperty("cnf", out _));
    }

    [Fact]
    public async Task CertificateBinding_TokenWorksOnlyOverTlsWithItsCertificate()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice, "\"tokenBindingType\":\"certificate\"");

        var (status, body) = await TokenAsync(MutualTlsPasswordForm(app.ClientId), alice);
        Assert.Equal(200, status);
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await MeAsync(token, alice)).Status);
        Assert.Equal(401, (await MeAsync(token)).Status);
        Assert.Equal(401, (await MeAsync(token, TestPki.Instance.Client("bob"))).Status);

        var introspected = await TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.Equal(X5tS256(alice), introspected.Body.GetProperty("cnf").GetProperty("x5t#S256").GetString());

        // The refresh token is bound too: refreshing needs the same certificate.
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = app.ClientId, ["refresh_token"] = body.GetProperty("refresh_token").GetString()! };
        Assert.Equal(200, (await TokenAsync(refresh, alice)).Status);
    }

    [Fact]
    public async Task CertificateBinding_BindsSecretAuthenticatedTokens_AndNeedsACertificate()
    {
        var bob = TestPki.Instance.Client("bob");
        var app = await RegisterAsync(null, "\"tokenBindingType\":\"certificate\"");
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" };

        var without = await TokenAsync(form, null, app);
        Assert.Equal(400, without.Status);
        Assert.Equal("invalid_request", without.Body.GetProperty("error").GetString());

        var with = await TokenAsync(form, bob, app);
        Assert.Equal(200, with.Status);
        var token = with.Body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await MeAsync(token, bob)).Status);
        Assert.Equal(401, (await MeAsync(token)).Status);
    }

    [Fact]
    public async Task MoreThanOneClientAuthenticationMethod_IsInvalidRequest()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice);
        var secretAndCertificate = MutualTlsPasswordForm(app.ClientId);
        secretAndCertificate["client_secret"] = app.Secret;

        var postAndTls = await TokenAsync(secretAndCertificate, alice);
        var basicAndTls = await TokenAsync(MutualTlsPasswordForm(app.ClientId), alice, app);
        var basicAndPost = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = app.ClientId, ["client_secret"] = app.Secret }, null, app);

        foreach (var (status, body) in new[] { postAndTls, basicAndTls, basicAndPost })
        {
            Assert.Equal(400, status);
            Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        }

        // One method at a time still works, a certificate without client_id being no method at all.
        Assert.Equal(200, (await TokenAsync(new() { ["grant_type"] = "client_credentials" }, alice, app)).Status);
    }

    [Fact]
    public async Task SubjectDn_WhenRegistered_MustEqualThePresentedSubject()
    {
        var alice = TestPki.Instance.Client("alice");
        var matching = await RegisterAsync(alice, $"\"tlsClientAuthSubjectDn\":{JsonSerializer.Serialize(alice.Subject)}");
        var other = await RegisterAsync(alice, "\"tlsClientAuthSubjectDn\":\"CN=someone-else, O=WSO2\"");

        Assert.Equal(200, (await TokenAsync(MutualTlsPasswordForm(matching.ClientId), alice)).Status);
        var refused = await TokenAsync(MutualTlsPasswordForm(other.ClientId), alice);
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
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications", $$"""{"name":"bad-{{Guid.NewGuid():N}}",{{json}}}""", null, Admin);

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task ScopeSystem_CarriesExactlyTheInternalScopesOfTheUsersPermissions()
    {
        var app = await RegisterAsync();

        var alice = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alicepw", ["scope"] = "SYSTEM" }, null, app);
        var admin = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "SYSTEM" }, null, app);

        Assert.Equal("internal_login internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
        Assert.Equal(InternalScopes.Permissions.Keys.Order(StringComparer.Ordinal), admin.Body.GetProperty("scope").GetString()!.Split(' '));
    }

    [Fact]
    public async Task PasswordGrant_InternalScope_IsGrantedExactlyWhenTheUserHoldsItsPermission()
    {
        var app = await RegisterAsync();
        var role = "idm-" + Guid.NewGuid().ToString("N")[..8];
        Host.Store.AddRole(QualifiedUserName.SuperTenant, role, [], ["/permission/admin/manage/identity/identitymgt/view"]);
        Host.Store.AddUser(QualifiedUserName.Parse(role + "-user"), "userpw", [role], new Dictionary<string, string>());
        var form = (string user, string password) => new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = password, ["scope"] = "internal_identity_mgt_view internal_user_mgt_view",
        };

        var holder = await TokenAsync(form(role + "-user", "userpw"), null, app);
        var alice = await TokenAsync(form("alice", "alicepw"), null, app);

        Assert.Equal("internal_identity_mgt_view", holder.Body.GetProperty("scope").GetString());
        Assert.Equal("internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ClientCredentials_ActsForTheApplicationOwner_WithTheOwnersInternalScopes()
    {
        var byAdmin = await RegisterAsync();
        var (ownedByAlice, aliceSecret) = Host.Core.OAuth.AddApplication(new ApplicationRegistration("alice-app-" + Guid.NewGuid().ToString("N"),
            QualifiedUserName.SuperTenant, ApplicationRegistration.DefaultGrants, null, null, null, null, null, QualifiedUserName.Parse("alice")));
        var (ownerless, ownerlessSecret) = Host.Core.OAuth.AddApplication(new ApplicationRegistration("no-owner-" + Guid.NewGuid().ToString("N"),
            QualifiedUserName.SuperTenant, ApplicationRegistration.DefaultGrants, null, null, null, null, null, null));
        var system = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "SYSTEM" };

        var admin = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "internal_user_mgt_view internal_user_mgt_create" }, null, byAdmin);
        var alice = await TokenAsync(system, null, (ownedByAlice.ClientId, aliceSecret));
        var none = await TokenAsync(system, null, (ownerless.ClientId, ownerlessSecret));

        Assert.Equal("internal_user_mgt_create internal_user_mgt_view", admin.Body.GetProperty("scope").GetString());
        Assert.Equal(200, (await MeAsync(admin.Body.GetProperty("access_token").GetString()!, null, "/scim2/Users")).Status);
        Assert.Equal("internal_login internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
        var me = await MeAsync(alice.Body.GetProperty("access_token").GetString()!);
        Assert.Equal("alice", JsonDocument.Parse(me.Body).RootElement.GetProperty("userName").GetString());
        Assert.Equal("", none.Body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task TokenWithoutTheRulesScope_Is403_WithItIs200()
    {
        var app = await RegisterAsync();
        var loginOnly = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        var canView = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login internal_user_mgt_view");

        Assert.Equal(403, (await MeAsync(loginOnly, null, "/scim2/Users")).Status);
        Assert.Equal(200, (await MeAsync(canView, null, "/scim2/Users")).Status);
    }

    [Fact]
    public async Task RevokedToken_Is401_AndRevokeAlwaysAnswers200()
    {
        var app = await RegisterAsync();
        var token = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        Assert.Equal(200, (await MeAsync(token)).Status);

        Assert.Equal(200, (await TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/revoke")).Status);
        Assert.Equal(200, (await TokenAsync(new() { ["token"] = "never-issued" }, null, app, "/oauth2/revoke")).Status);

        Assert.Equal(401, (await MeAsync(token)).Status);
        var introspected = await TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.Equal("""{"active":false}""", introspected.Body.GetRawText());
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        var app = await RegisterAsync();
        Host.Reconfigure(fixture.Home, Fixture.Toml + "[oauth]\ntoken_expiry_seconds = 1\n");
        try
        {
            var token = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
            Assert.Equal(200, (await MeAsync(token)).Status);
            await Task.Delay(1500);
            Assert.Equal(401, (await MeAsync(token)).Status);
        }
        finally
        {
            Host.Reconfigure(fixture.Home, Fixture.Toml);
        }
    }

    [Fact]
    public async Task RefreshToken_Rotates()
    {
        var app = await RegisterAsync();
        var first = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" }, null, app);
        var refresh = first.Body.GetProperty("refresh_token").GetString()!;

        var second = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }, null, app);
        Assert.Equal(200, second.Status);
        Assert.Equal(200, (await MeAsync(second.Body.GetProperty("access_token").GetString()!)).Status);

        var reused = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }, null, app);
        Assert.Equal(400, reused.Status);
        Assert.Equal("invalid_grant", reused.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Introspection_IsSecuredAsTheProductSecuresIt()
    {
        var app = await RegisterAsync();
        var token = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        var viewerToken = await PasswordTokenAsync(app, "admin", "admin", "internal_application_mgt_view");
        var loginToken = await PasswordTokenAsync(app, "admin", "admin", "internal_login");

        var byAdmin = await TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        var byScope = await Host.SendContentAsync(HttpMethod.Post, "/oauth2/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
            null, ("Authorization", "Bearer " + viewerToken));
        var byTokenWithoutScope = await Host.SendContentAsync(HttpMethod.Post, "/oauth2/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
            null, ("Authorization", "Bearer " + loginToken));
        var byAlice = await TokenAsync(new() { ["token"] = token }, null, ("alice", "alicepw"), "/oauth2/introspect");
        var byClient = await TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/introspect");

        Assert.Equal(200, byAdmin.Status);
        foreach (var field in new[] { "active", "scope", "client_id", "username", "token_type", "exp", "iat", "nbf" })
        {
            Assert.True(byAdmin.Body.TryGetProperty(field, out _), field);
        }

        Assert.True(byAdmin.Body.GetProperty("active").GetBoolean());
        Assert.Equal("alice", byAdmin.Body.GetProperty("username").GetString());
        Assert.Equal(app.ClientId, byAdmin.Body.GetProperty("client_id").GetString());
        Assert.Equal(200, byScope.Status);
        Assert.Equal(byAdmin.Body.GetRawText(), JsonDocument.Parse(byScope.Body).RootElement.GetRawText());
        Assert.Equal(403, byTokenWithoutScope.Status);
        Assert.Equal(403, byAlice.Status);
        // The product's BasicAuthentication takes client_id:secret for a user: no such user.
        Assert.Equal(401, byClient.Status);
    }

    [Theory]
    [InlineData("", "invalid_request", 400)]
    [InlineData("implicit", "unsupported_grant_type", 400)]
    [InlineData("password", "invalid_grant", 400)]
    public async Task TokenErrors_FollowRfc6749(string grant, string error, int status)
    {
        var app = await RegisterAsync();

        var reply = await TokenAsync(new() { ["grant_type"] = grant, ["username"] = "alice", ["password"] = "wrong" }, null, app);

        Assert.Equal(status, reply.Status);
        Assert.Equal(error, reply.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WrongClientSecret_IsInvalidClient401()
    {
        var app = await RegisterAsync();

        var reply = await TokenAsync(new() { ["grant_type"] = "client_credentials" }, null, (app.ClientId, "wrong"));

        Assert.Equal(401, reply.Status);
        Assert.Equal("invalid_client", reply.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Applications_SecretIsShownOnce_AndDeletingRevokesTokens()
    {
        var app = await RegisterAsync();
        var token = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");

        var fetched = await Host.SendAsync(HttpMethod.Get, $"/api/server/v1/applications/{app.ClientId}", null, null, Admin);
        Assert.Equal(200, fetched.Status);
        Assert.DoesNotContain(app.Secret, fetched.Body);
        Assert.Contains(app.ClientId, (await Host.SendAsync(HttpMethod.Get, "/api/server/v1/applications", null, null, Admin)).Body);
        Assert.Equal(403, (await Host.SendAsync(HttpMethod.Get, "/api/server/v1/applications", null, null, Basic.Header("alice", "alicepw"))).Status);

        Assert.Equal(204, (await Host.SendAsync(HttpMethod.Delete, $"/api/server/v1/applications/{app.ClientId}", null, null, Admin)).Status);
        Assert.Equal(401, (await MeAsync(token)).Status);
    }

    [Fact]
    public async Task SeedCurlCalls_Work()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice);
        var dir = fixture.Home.Root;
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
        var app = await RegisterAsync(alice);
        Host.Reconfigure(fixture.Home, "[event.default_listener.mutual_tls_authenticator]\nenable = false\n");
        try
        {
            var reply = await TokenAsync(new() { ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["client_id"] = app.ClientId }, alice);

            Assert.Equal(401, reply.Status);
            Assert.Equal("invalid_client", reply.Body.GetProperty("error").GetString());
        }
        finally
        {
            Host.Reconfigure(fixture.Home, Fixture.Toml);
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

    /// <summary>A home with no word about MutualTLSClientAuthenticator: it is on, as in IS 7.</summary>
    public sealed class Fixture : SharedHostFixture
    {
        public const string Toml = "";

        protected override string InitialToml => Toml;
    }
}
