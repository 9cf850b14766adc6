using System.Text.Json;
using CompatHost.Host.OAuth;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.OAuth;

/// <summary>The OAuth2 flows as clients use them, over real TLS (oauth.md).</summary>
public sealed class OAuthFlowTests(SharedHostFixture fixture) : OAuthHostTests(fixture)
{
    [Fact]
    public async Task PasswordGrant_WithBasicClientAuthentication_GivesAWorkingBearerToken()
    {
        var app = await Calls.RegisterAsync();

        var (status, body) = await Calls.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alicepw", ["scope"] = "internal_login" }, null, app);

        Assert.Equal(200, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("internal_login", body.GetProperty("scope").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt64() > 0);
        Assert.True(body.GetProperty("access_token").GetString()!.Length >= 43);
        Assert.True(body.TryGetProperty("refresh_token", out _));
        var me = await Calls.MeAsync(body.GetProperty("access_token").GetString()!);
        Assert.Equal(200, me.Status);
        Assert.Equal("alice", JsonDocument.Parse(me.Body).RootElement.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task ScopeSystem_CarriesExactlyTheInternalScopesOfTheUsersPermissions()
    {
        var app = await Calls.RegisterAsync();

        var alice = await Calls.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "alice", ["password"] = "alicepw", ["scope"] = "SYSTEM" }, null, app);
        var admin = await Calls.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "SYSTEM" }, null, app);

        Assert.Equal("internal_login internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
        Assert.Equal(InternalScopes.Permissions.Keys.Order(StringComparer.Ordinal), admin.Body.GetProperty("scope").GetString()!.Split(' '));
    }

    [Fact]
    public async Task PasswordGrant_InternalScope_IsGrantedExactlyWhenTheUserHoldsItsPermission()
    {
        var app = await Calls.RegisterAsync();
        var role = "idm-" + Guid.NewGuid().ToString("N")[..8];
        await Host.Store.AddRoleAsync(QualifiedUserName.SuperTenant, role, [], ["/permission/admin/manage/identity/identitymgt/view"]);
        await Host.Store.AddUserAsync(QualifiedUserName.Parse(role + "-user"), "userpw", [role], new Dictionary<string, string>());
        var form = (string user, string password) => new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = password, ["scope"] = "internal_identity_mgt_view internal_user_mgt_view",
        };

        var holder = await Calls.TokenAsync(form(role + "-user", "userpw"), null, app);
        var alice = await Calls.TokenAsync(form("alice", "alicepw"), null, app);

        Assert.Equal("internal_identity_mgt_view", holder.Body.GetProperty("scope").GetString());
        Assert.Equal("internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ClientCredentials_ActsForTheApplicationOwner_WithTheOwnersInternalScopes()
    {
        var byAdmin = await Calls.RegisterAsync();
        var (ownedByAlice, aliceSecret) = await Host.Core.OAuth.AddApplicationAsync(new ApplicationRegistration("alice-app-" + Guid.NewGuid().ToString("N"),
            QualifiedUserName.SuperTenant, ApplicationRegistration.DefaultGrants, null, null, null, null, null, QualifiedUserName.Parse("alice")));
        var (ownerless, ownerlessSecret) = await Host.Core.OAuth.AddApplicationAsync(new ApplicationRegistration("no-owner-" + Guid.NewGuid().ToString("N"),
            QualifiedUserName.SuperTenant, ApplicationRegistration.DefaultGrants, null, null, null, null, null, null));
        var system = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "SYSTEM" };

        var admin = await Calls.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "internal_user_mgt_list internal_user_mgt_create" }, null, byAdmin);
        var alice = await Calls.TokenAsync(system, null, (ownedByAlice.ClientId, aliceSecret));
        var none = await Calls.TokenAsync(system, null, (ownerless.ClientId, ownerlessSecret));

        Assert.Equal("internal_user_mgt_create internal_user_mgt_list", admin.Body.GetProperty("scope").GetString());
        // Listing users asks internal_user_mgt_list (the product's (.*)/scim2/Users(/?) GET rule).
        Assert.Equal(200, (await Calls.MeAsync(admin.Body.GetProperty("access_token").GetString()!, null, "/scim2/Users")).Status);
        Assert.Equal("internal_login internal_user_mgt_view", alice.Body.GetProperty("scope").GetString());
        var me = await Calls.MeAsync(alice.Body.GetProperty("access_token").GetString()!);
        Assert.Equal("alice", JsonDocument.Parse(me.Body).RootElement.GetProperty("userName").GetString());
        Assert.Equal("", none.Body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task TokenWithoutTheRulesScope_Is403_WithItIs200()
    {
        var app = await Calls.RegisterAsync();
        var loginOnly = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        var canView = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login internal_user_mgt_view");

        // Reading one user needs internal_user_mgt_view (the product's (.*)/scim2/Users/(.+) GET rule).
        Assert.Equal(403, (await Calls.MeAsync(loginOnly, null, "/scim2/Users/alice")).Status);
        Assert.NotEqual(403, (await Calls.MeAsync(canView, null, "/scim2/Users/alice")).Status);
        Assert.NotEqual(401, (await Calls.MeAsync(canView, null, "/scim2/Users/alice")).Status);
    }

    [Fact]
    public async Task RevokedToken_Is401_AndRevokeAlwaysAnswers200()
    {
        var app = await Calls.RegisterAsync();
        var token = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        Assert.Equal(200, (await Calls.MeAsync(token)).Status);

        Assert.Equal(200, (await Calls.TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/revoke")).Status);
        Assert.Equal(200, (await Calls.TokenAsync(new() { ["token"] = "never-issued" }, null, app, "/oauth2/revoke")).Status);

        Assert.Equal(401, (await Calls.MeAsync(token)).Status);
        var introspected = await Calls.TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        Assert.Equal("""{"active":false}""", introspected.Body.GetRawText());
    }

    [Fact]
    public async Task ExpiredToken_Is401()
    {
        var app = await Calls.RegisterAsync();
        Host.Reconfigure(Fixture.Home, "[oauth]\ntoken_expiry_seconds = 1\n");
        try
        {
            var token = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
            Assert.Equal(200, (await Calls.MeAsync(token)).Status);
            await Task.Delay(1500);
            Assert.Equal(401, (await Calls.MeAsync(token)).Status);
        }
        finally
        {
            Host.Reconfigure(Fixture.Home, "");
        }
    }

    [Fact]
    public async Task RefreshToken_Rotates()
    {
        var app = await Calls.RegisterAsync();
        var first = await Calls.TokenAsync(new() { ["grant_type"] = "password", ["username"] = "bob", ["password"] = "bobpw", ["scope"] = "internal_login" }, null, app);
        var refresh = first.Body.GetProperty("refresh_token").GetString()!;

        var second = await Calls.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }, null, app);
        Assert.Equal(200, second.Status);
        Assert.Equal(200, (await Calls.MeAsync(second.Body.GetProperty("access_token").GetString()!)).Status);

        var reused = await Calls.TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }, null, app);
        Assert.Equal(400, reused.Status);
        Assert.Equal("invalid_grant", reused.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Introspection_IsSecuredAsTheProductSecuresIt()
    {
        var app = await Calls.RegisterAsync();
        var token = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login");
        var viewerToken = await Calls.PasswordTokenAsync(app, "admin", "admin", "internal_application_mgt_view");
        var loginToken = await Calls.PasswordTokenAsync(app, "admin", "admin", "internal_login");

        var byAdmin = await Calls.TokenAsync(new() { ["token"] = token }, null, ("admin", "admin"), "/oauth2/introspect");
        var byScope = await Host.SendContentAsync(HttpMethod.Post, "/oauth2/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
            null, ("Authorization", "Bearer " + viewerToken));
        var byTokenWithoutScope = await Host.SendContentAsync(HttpMethod.Post, "/oauth2/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
            null, ("Authorization", "Bearer " + loginToken));
        var byAlice = await Calls.TokenAsync(new() { ["token"] = token }, null, ("alice", "alicepw"), "/oauth2/introspect");
        var byClient = await Calls.TokenAsync(new() { ["token"] = token }, null, app, "/oauth2/introspect");

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
        var app = await Calls.RegisterAsync();

        var reply = await Calls.TokenAsync(new() { ["grant_type"] = grant, ["username"] = "alice", ["password"] = "wrong" }, null, app);

        Assert.Equal(status, reply.Status);
        Assert.Equal(error, reply.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WrongClientSecret_IsInvalidClient401()
    {
        var app = await Calls.RegisterAsync();

        var reply = await Calls.TokenAsync(new() { ["grant_type"] = "client_credentials" }, null, (app.ClientId, "wrong"));

        Assert.Equal(401, reply.Status);
        Assert.Equal("invalid_client", reply.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Applications_SecretIsShownOnce_AndDeletingRevokesTokens()
    {
        var app = await Calls.RegisterAsync();
        var token = await Calls.PasswordTokenAsync(app, "alice", "alicepw", "internal_login");

        var fetched = await Host.SendAsync(HttpMethod.Get, $"/api/server/v1/applications/{app.ClientId}", null, null, OAuthCalls.Admin);
        Assert.Equal(200, fetched.Status);
        Assert.DoesNotContain(app.Secret, fetched.Body);
        Assert.Contains(app.ClientId, (await Host.SendAsync(HttpMethod.Get, "/api/server/v1/applications", null, null, OAuthCalls.Admin)).Body);
        Assert.Equal(403, (await Host.SendAsync(HttpMethod.Get, "/api/server/v1/applications", null, null, Basic.Header("alice", "alicepw"))).Status);

        Assert.Equal(204, (await Host.SendAsync(HttpMethod.Delete, $"/api/server/v1/applications/{app.ClientId}", null, null, OAuthCalls.Admin)).Status);
        Assert.Equal(401, (await Calls.MeAsync(token)).Status);
    }
}
