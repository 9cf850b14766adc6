using System.Text.Json;
using CompatHost.Host.Chain;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Rest;

/// <summary>Access rules (rest-auth.md: Access control) and the 401/403 shapes, over real TLS.</summary>
public sealed class AccessControlTests(AccessControlTests.Fixture fixture) : IClassFixture<AccessControlTests.Fixture>
{
    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task Unauthenticated_Is401_WithWwwAuthenticate_AndAnOpaqueJsonBody()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null);

        // APIErrorResponseHandler: realm is the host name, unquoted; SCIM paths get the SCIM error schema.
        Assert.Equal(401, reply.Status);
        Assert.Equal(["Bearer realm=localhost"], reply.WwwAuthenticate);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", body.GetProperty("schemas")[0].GetString());
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal(ChallengeWriter.UnauthorizedDescription, body.GetProperty("detail").GetString());
        Assert.DoesNotContain("password", reply.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unauthenticated_OutsideScim_GetsTheCommonErrorShape()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/api/server/v1/applications", null);

        Assert.Equal(401, reply.Status);
        Assert.StartsWith("application/json", reply.ContentType);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal(401, body.GetProperty("code").GetInt32());
        Assert.Equal("Unauthorized", body.GetProperty("message").GetString());
        Assert.Equal(ChallengeWriter.UnauthorizedDescription, body.GetProperty("description").GetString());
    }

    [Fact]
    public async Task WrongPassword_AndUnknownUser_LookTheSame()
    {
        var wrong = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "nope"));
        var unknown = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("ghost", "nope"));

        Assert.Equal(401, wrong.Status);
        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal(wrong.Body, unknown.Body);
        Assert.Equal(wrong.WwwAuthenticate, unknown.WwwAuthenticate);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic Og==")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("basic YWxpY2U6YWxpY2Vwdw== trailing")]
    // Valid credentials, but the product's scheme match is case-sensitive and wants one space.
    [InlineData("basic YWxpY2U6YWxpY2Vwdw==")]
    [InlineData("BASIC YWxpY2U6YWxpY2Vwdw==")]
    [InlineData("Basic  YWxpY2U6YWxpY2Vwdw==")]
    public async Task MalformedBasic_Is401_Never500(string header)
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, ("Authorization", header));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public async Task AuthenticatedWithoutPermission_Is403_WithItsCode()
    {
        // viewer may view users but not create them.
        var reply = await Host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"x","password":"y"}""", null, Basic.Header("alice", "alicepw"));

        Assert.Equal(403, reply.Status);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal(403, body.GetProperty("status").GetInt32());
        Assert.Equal(ChallengeWriter.ForbiddenDescription, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownPath_IsRefusedEvenWithCredentials_AsIs7DefaultAccessDenies()
    {
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/api/anything/else", null)).Status);
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/api/anything/else", null, null, Basic.Header("admin", "admin"))).Status);
    }

    [Fact]
    public async Task UnknownPath_WithDefaultAccessAllowed_StillNeedsAuthentication()
    {
        await WithConfigAsync("[resource_access_control]\ndefault_access_allow = true\n", async () =>
        {
            // The product would serve it unauthenticated; the host is stricter (README: Differences).
            Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/api/anything/else", null)).Status);
            Assert.Equal(404, (await Host.SendAsync(HttpMethod.Get, "/api/anything/else", null, null, Basic.Header("alice", "alicepw"))).Status);
        });
    }

    [Theory]
    // Legacy runtime (AuthorizationHandler): a rule with scopes and no permissions refuses a caller without a token.
    [InlineData("scopes = [\"internal_login\"]", "admin", "admin", 403)]
    // The product checks "p1,p2" as one permission id, which only a permission above both grants:
    // alice holds both exactly and is refused; admin holds /permission.
    [InlineData("permissions = [\"/permission/admin/login\", \"/permission/admin/manage/identity/usermgt/view\"]", "alice", "alicepw", 403)]
    [InlineData("permissions = [\"/permission/admin/login\", \"/permission/admin/manage/identity/usermgt/view\"]", "admin", "admin", 200)]
    public async Task RuleRequirements_CombineAsTheProductCombinesThem(string requirement, string user, string password, int expected)
    {
        await WithConfigAsync($"""
            [[resource.access_control]]
            context = "(.*)/scim2/Me"
            secure = true
            http_method = "GET"
            {requirement}
            """, async () =>
        {
            Assert.Equal(expected, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header(user, password))).Status);
        });
    }

    [Theory]
    [InlineData("/scim2/../scim2/Me")]
    [InlineData("/scim2/Users;x=1/y")]
    [InlineData("/scim2/%2e%2e/api/health")]
    public async Task UnnormalizedPath_Is401_BeforeAnyCredentialIsRead(string path)
    {
        var reply = await Host.SendRawPathAsync(path, Basic.Header("admin", "admin"));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public async Task CatastrophicContext_RefusesTheRequest_AndTheAuditSaysWhy()
    {
        // A lookahead forces the backtracking engine; (a+)+ then explodes on a long run of a's.
        await WithConfigAsync("""
            [[resource.access_control]]
            context = "(.*)/(?=(a+)+b).*"
            secure = false
            """, async () =>
        {
            var path = "/" + new string('a', 64) + "c";
            var reply = await Host.SendAsync(HttpMethod.Get, path, null, null, Basic.Header("admin", "admin"));

            Assert.Equal(401, reply.Status);
            var record = await Host.AuditRecordAsync(r => r.GetProperty("path").GetString() == path);
            Assert.Contains("timed out", record.GetProperty("reason").GetString());
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/api/health", null)).Status);
        });
    }

    [Fact]
    public async Task ExplainEndpoint_AnswersAdministrators_WithTheDecisionTheRequestWouldGet()
    {
        var aliceBasic = Basic.Header("alice", "alicepw").Item2;
        var body = JsonSerializer.Serialize(new { method = "POST", path = "/scim2/Users", headers = new Dictionary<string, string> { ["Authorization"] = aliceBasic } });

        var byAdmin = await Host.SendContentAsync(HttpMethod.Post, "/api/compathost/v1/explain",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), null, Basic.Header("admin", "admin"));
        var byAlice = await Host.SendContentAsync(HttpMethod.Post, "/api/compathost/v1/explain",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), null, Basic.Header("alice", "alicepw"));
        var real = await Host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"x","password":"y"}""", null, Basic.Header("alice", "alicepw"));

        Assert.Equal(200, byAdmin.Status);
        var explanation = JsonDocument.Parse(byAdmin.Body).RootElement;
        Assert.Equal(real.Status, explanation.GetProperty("status").GetInt32());
        Assert.Equal("BasicAuthentication", explanation.GetProperty("decider").GetString());
        Assert.Contains("usermgt/create", explanation.GetProperty("authorizationReason").GetString());
        Assert.Equal(403, byAlice.Status);
    }

    [Fact]
    public async Task Preflight_Options_IsOpen_AsTheProductsDefaultRule()
    {
        var reply = await Host.SendAsync(HttpMethod.Options, "/scim2/Users", null);

        Assert.NotEqual(401, reply.Status);
        Assert.NotEqual(403, reply.Status);
    }

    [Fact]
    public async Task ConfiguredRules_FirstMatchWins_AndAllowedHandlersRestrictTheChain()
    {
        await WithConfigAsync(TestToml.AnyCertificateFromTheCaActsAs("admin") + """
            [[resource.access_control]]
            context = "/scim2/Me"
            http_method = "GET"
            permissions = "/permission/admin/manage/identity/usermgt/view"
            allowed_auth_handlers = ["ClientCertificate"]

            [[resource.access_control]]
            context = "/scim2/Me"
            secure = false
            """, async () =>
        {
            // Basic is not allowed on this resource: it is skipped, nothing else can handle, 401.
            Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "alicepw"))).Status);
            // The certificate is allowed and maps to admin, who holds the permission.
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, TestPki.Instance.Client("alice"))).Status);
        });
    }

    [Fact]
    public async Task IdentityXmlRules_ApplyWhenTomlHasNone()
    {
        var xml = Path.Combine(fixture.Home.Root, "rules.xml");
        File.WriteAllText(xml, """
            <Server xmlns="http://wso2.org/projects/carbon/carbon.xml">
              <ResourceAccessControl>
                <Resource context="/scim2/Me" secured="true" http-method="all">
                  <Permissions>/permission/admin/manage/identity/usermgt/delete</Permissions>
                </Resource>
              </ResourceAccessControl>
            </Server>
            """);
        fixture.Home.WriteIdentityXml(xml);
        try
        {
            Host.Reconfigure(fixture.Home, "");
            Assert.Equal(403, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("alice", "alicepw"))).Status);
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("admin", "admin"))).Status);
        }
        finally
        {
            File.Delete(fixture.Home.Home.IdentityXml);
            Host.Reconfigure(fixture.Home, "");
        }
    }

    /// <summary>Runs <paramref name="act"/> with extra deployment.toml keys, then puts the plain config back.</summary>
    private async Task WithConfigAsync(string toml, Func<Task> act)
    {
        Host.Reconfigure(fixture.Home, toml);
        try
        {
            await act();
        }
        finally
        {
            Host.Reconfigure(fixture.Home, "");
        }
    }

    public sealed class Fixture : SharedHostFixture;
}
