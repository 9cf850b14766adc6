using System.Text.Json;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Rest;

/// <summary>
/// A home made of the identity.xml IS 7 renders from its own template and defaults
/// (tests/Conformance/product/identity.xml) plus a deployment.toml with keys real homes carry.
/// Each decision cites the rendered rule it follows (line in that file) and the product code
/// that applies it (identity-carbon-auth-rest: AuthenticationValve, AuthorizationValve,
/// AuthorizationHandler).
/// </summary>
public sealed class ProductIdentityXmlTests(ProductIdentityXmlTests.Fixture fixture) : IClassFixture<ProductIdentityXmlTests.Fixture>
{
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");
    private static readonly (string, string) Alice = Basic.Header("alice", "alicepw");

    private RunningHost Host => fixture.Host;

    [Fact]
    public void TheHomeStarts_WithTheProductsRules_AndWarnsAboutListenersThatAreNoHandlers()
    {
        var settings = Host.Settings.Current;
        Assert.True(settings.AccessControl.DefaultDeny);
        Assert.True(settings.AccessControl.Rules.Count > 300);
        Assert.Contains(settings.Warnings, w => w.Key == "event.default_listener.identity_mgt" && w.Line is not null);
        // priority = "50" is read as the number the product's template renders.
        Assert.Equal(50, settings.Handlers["basic_authentication_handler"].Priority);
        // The product's own id: identity.xml renders 919 and on; deployment.toml's 158 wins.
        var mutualTls = settings.Handlers["mutual_tls_authenticator"];
        Assert.True(mutualTls.Enabled);
        Assert.Equal(158, mutualTls.Priority);
        Assert.DoesNotContain(settings.Warnings, w => w.Key.Contains("mutual_tls_authenticator"));
    }

    [Theory]
    // Line 633: (.*)/scim2/Me GET, Permissions none, Scopes internal_login.
    [InlineData("GET", "/scim2/Me", "-", 401)]
    [InlineData("GET", "/scim2/Me", "alice", 200)]
    [InlineData("GET", "/SCIM2/me", "alice", 200)]
    // Line 548: (.*)/scim2/Users(/?) GET needs usermgt/list; viewers hold only usermgt/view.
    [InlineData("GET", "/scim2/Users", "alice", 403)]
    [InlineData("GET", "/scim2/Users/", "alice", 403)]
    [InlineData("GET", "/scim2/Users", "admin", 200)]
    // Line 528: (.*)/scim2/Users/.search POST needs usermgt/list, before the create rule.
    [InlineData("POST", "/scim2/Users/.search", "alice", 403)]
    // Line 544: (.*)/scim2/Users(.*) POST needs usermgt/create.
    [InlineData("POST", "/scim2/Users", "alice", 403)]
    // Lines 568, 572: PATCH and DELETE under /scim2/Users/ need update and delete.
    [InlineData("PATCH", "/scim2/Users/some-id", "alice", 403)]
    [InlineData("DELETE", "/scim2/Users/some-id", "alice", 403)]
    // Line 556: (.*)/scim2/Groups GET needs rolemgt/view.
    [InlineData("GET", "/scim2/Groups", "alice", 403)]
    [InlineData("GET", "/scim2/Groups", "admin", 200)]
    // Line 663: ServiceProviderConfig is unsecured: access control lets it through (this host does not serve it).
    [InlineData("GET", "/scim2/ServiceProviderConfig", "-", 404)]
    // Line 669: (.*)/scim2/Schemas(.*) is secured with no permission: any authenticated user passes.
    [InlineData("GET", "/scim2/Schemas", "-", 401)]
    [InlineData("GET", "/scim2/Schemas", "alice", 404)]
    // Line 316: (.*) OPTIONS is unsecured.
    [InlineData("OPTIONS", "/scim2/Users", "-", 405)]
    // Applications: GET needs applicationmgt/view.
    [InlineData("GET", "/api/server/v1/applications", "alice", 403)]
    [InlineData("GET", "/api/server/v1/applications", "admin", 200)]
    // default-access="deny" (line 311): a path no rule names is 401 whatever the credentials.
    [InlineData("GET", "/api/no/such/rule", "admin", 401)]
    // Utils.isUserBelongsToRequestedTenant: super-tenant users on another tenant's URL are 401.
    [InlineData("GET", "/t/abc.com/scim2/Me", "admin", 401)]
    [InlineData("GET", "/t/carbon.super/scim2/Me", "admin", 200)]
    public async Task Decision_FollowsTheRenderedRule(string method, string path, string user, int expected)
    {
        var headers = user switch
        {
            "admin" => new[] { Admin },
            "alice" => [Alice],
            _ => [],
        };

        var reply = await Host.SendAsync(new HttpMethod(method), path, method is "POST" or "PATCH" ? "{}" : null, null, headers);

        Assert.Equal(expected, reply.Status);
    }

    [Fact]
    public async Task UnsecuredRule_ReadsNoCredential_AsTheValvePassesItOn()
    {
        // Line 663: ServiceProviderConfig is unsecured. A wrong password there is never verified.
        var before = await Host.SettledAuditCountAsync();

        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/ServiceProviderConfig", null, null, Basic.Header("alice", "wrong"));

        Assert.Equal(404, reply.Status);
        var record = await Host.AuditRecordAsync(r => r.GetProperty("path").GetString() == "/scim2/ServiceProviderConfig", before);
        Assert.False(record.TryGetProperty("handler", out _), "a handler ran on an unsecured resource");
    }

    [Fact]
    public async Task TenantUser_OnTheSuperTenantsUrl_Is401()
    {
        // The URL names no tenant, so the product compares with carbon.super.
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("john@abc.com", "johnpw"));

        Assert.Equal(401, reply.Status);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Me", null, null, Basic.Header("john@abc.com", "johnpw"))).Status);
    }

    [Fact]
    public async Task PathTraversal_IsRefusedByTheFirstRenderedRule()
    {
        // Line 312-315: (.*)/((\.+)|(.*;+.*)|%2e.*)/(.*) comes first; the valve refuses such URIs outright.
        Assert.Equal(401, (await Host.SendRawPathAsync("/scim2/./Me", Admin)).Status);
        Assert.Equal(401, (await Host.SendRawPathAsync("/api/x;y/scim2/Me", Admin)).Status);
    }

    [Fact]
    public async Task Token_OnScopedRules_IsJudgedByItsScopesAlone()
    {
        var app = JsonDocument.Parse((await Host.SendAsync(HttpMethod.Post, "/api/server/v1/applications", """{"name":"product-xml"}""", null, Admin)).Body).RootElement;
        using var client = Host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "admin", ["password"] = "admin", ["scope"] = "internal_login",
            }),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            Basic.Header(app.GetProperty("clientId").GetString()!, app.GetProperty("clientSecret").GetString()!).Item2);
        var token = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement
            .GetProperty("access_token").GetString()!;

        // Line 633 asks internal_login: granted. Line 548 asks internal_user_mgt_list: refused even for
        // the super admin, whose permissions are not consulted for a token on a scoped rule.
        Assert.Equal(200, (await Host.GetAsync("/scim2/Me", null, ("Authorization", "Bearer " + token))).Status);
        Assert.Equal(403, (await Host.GetAsync("/scim2/Users", null, ("Authorization", "Bearer " + token))).Status);
    }

    public sealed class Fixture : SharedHostFixture
    {
        protected override string InitialToml => """
            [event.default_listener.identity_mgt]
            priority = "50"
            enable = false

            [event.default_listener.basic_authentication_handler]
            priority = "50"
            enable = "true"

            [event.default_listener.mutual_tls_authenticator]
            priority = "158"
            enable = true
            """;

        public Fixture() => Home.WriteIdentityXml(Path.Combine(Repo.Conformance, "product", "identity.xml"));

        protected override async Task SeedAsync(CompatHost.Host.Users.IUserStore store)
        {
            await base.SeedAsync(store);
            await store.AddTenantAsync("abc.com");
            await store.AddUserAsync(QualifiedUserName.Parse("john@abc.com"), "johnpw", ["admin"], new Dictionary<string, string>());
        }
    }
}
