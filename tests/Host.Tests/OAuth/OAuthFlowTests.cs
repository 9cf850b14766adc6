using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CompatHost.Host.OAuth;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>The OAuth2 flows as clients use them, over real TLS (oauth.md).</summary>
public sealed class OAuthFlowTests(OAuthFlowTests.Fixture fixture) : IClassFixture<OAuthFlowTests.Fixture>
{
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    private async Task<(string ClientId, string Secret)> RegisterAsync(X509Certificate2? certificate = null)
    {
        var pem = certificate is null ? "null" : JsonSerializer.Serialize(certificate.ExportCertificatePem());
        var reply = await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications",
            $$"""{"name":"app-{{Guid.NewGuid():N}}","certificate":{{pem}}}""", null, Admin);
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

    [Fact]
    public async Task MutualTls_ClientIdInTheBody_BindsTheTokenToTheCertificate()
    {
        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice);
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = app.ClientId, ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" };

        var wrong = await TokenAsync(form, TestPki.Instance.Client("bob"));
        Assert.Equal(401, wrong.Status);
        Assert.Equal("invalid_client", wrong.Body.GetProperty("error").GetString());

        var (status, body) = await TokenAsync(form, alice);
        Assert.Equal(200, status);
        var token = body.GetProperty("access_token").GetString()!;
        Assert.Equal(200, (await MeAsync(token, alice)).Status);
        Assert.Equal(401, (await MeAsync(token)).Status);
        Assert.Equal(401, (await MeAsync(token, TestPki.Instance.Client("bob"))).Status);

        var introspected = await TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/introspect");
        var expected = Convert.ToBase64String(alice.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, introspected.Body.GetProperty("cnf").GetProperty("x5t#S256").GetString());
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
    public async Task TokenWithoutTheRulesScope_Is403_WithItIs200()
    {
        var app = await RegisterAsync();
        var loginOnly = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        var canView = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login internal_user_mgt_view");

        // Reading one user needs internal_user_mgt_view (the product's (.*)/scim2/Users/(.+) GET rule).
        Assert.Equal(403, (await MeAsync(loginOnly, null, "/scim2/Users/alice")).Status);
        Assert.NotEqual(403, (await MeAsync(canView, null, "/scim2/Users/alice")).Status);
        Assert.NotEqual(401, (await MeAsync(canView, null, "/scim2/Users/alice")).Status);
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
        var introspected = await TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/introspect");
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
    public async Task Introspection_AnswersTheRfc7662Shape_ToClientsAndPermittedUsers()
    {
        var app = await RegisterAsync();
        var token = await PasswordTokenAsync(app, "alice", "alicepw", "internal_login");

        var byClient = await TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/introspect");
        var byAdmin = await TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        var byAlice = await TokenAsync(new() { ["token"] = token }, null, ("alice", "alicepw"), "/oauth2/introspect");

        Assert.Equal(200, byClient.Status);
        foreach (var field in new[] { "active", "scope", "client_id", "username", "token_type", "exp", "iat", "nbf" })
        {
            Assert.True(byClient.Body.TryGetProperty(field, out _), field);
        }

        Assert.True(byClient.Body.GetProperty("active").GetBoolean());
        Assert.Equal("alice", byClient.Body.GetProperty("username").GetString());
        Assert.Equal(app.ClientId, byClient.Body.GetProperty("client_id").GetString());
        Assert.Equal(byClient.Body.GetRawText(), byAdmin.Body.GetRawText());
        Assert.Equal(401, byAlice.Status);
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
        if (!File.Exists("/usr/bin/curl"))
        {
            return;
        }

        var alice = TestPki.Instance.Client("alice");
        var app = await RegisterAsync(alice);
        var dir = fixture.Home.Root;
        var (ca, cert, key) = (Path.Combine(dir, "ca.pem"), Path.Combine(dir, "alice.crt"), Path.Combine(dir, "alice.key"));
        await File.WriteAllTextAsync(ca, TestPki.Instance.ServerCa.ExportCertificatePem());
        await File.WriteAllTextAsync(cert, alice.ExportCertificatePem());
        await File.WriteAllTextAsync(key, alice.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var url = $"https://localhost:{Host.Port}/oauth2/token";

        var basic = Curl("--cacert", ca, "-u", $"{app.ClientId}:{app.Secret}", "-d", "grant_type=password&username=alice&password=alicepw&scope=internal_login", url);
        var mtls = Curl("--cacert", ca, "--cert", cert, "--key", key, "-d", $"grant_type=password&client_id={app.ClientId}&username=alice&password=alicepw&scope=internal_login", url);

        Assert.Equal("Bearer", JsonDocument.Parse(basic).RootElement.GetProperty("token_type").GetString());
        Assert.Equal("Bearer", JsonDocument.Parse(mtls).RootElement.GetProperty("token_type").GetString());
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

    public sealed class Fixture : SharedHostFixture
    {
        public const string Toml = "[event.default_listener.mutual_tls_client_authenticator]\nenable = true\n";

        protected override string InitialToml => Toml;
    }
}
