using System.Text.Json;
using CompatHost.Sdk.Identity;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Rest;

/// <summary>
/// Tenant-qualified URLs (/t/{tenant}/...) and the cross-tenant rule, as the product's
/// authorization valve checks them (Utils.isUserBelongsToRequestedTenant: the URL's tenant, or
/// carbon.super without /t/; a mismatch is 401).
/// </summary>
public sealed class TenantPathTests(TenantPathTests.Fixture fixture) : IClassFixture<TenantPathTests.Fixture>
{
    private static readonly (string, string) John = Basic.Header("john@abc.com", "johnpw");
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task UserOfATenant_WorksInItsOwnTenantUrl()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Users", null, null, John);

        Assert.Equal(200, reply.Status);
        var users = JsonDocument.Parse(reply.Body).RootElement.GetProperty("Resources").EnumerateArray()
            .Select(u => u.GetProperty("userName").GetString()).ToList();
        Assert.Equal(["john@abc.com"], users);
    }

    [Fact]
    public async Task AnotherTenantsUrl_Is401_EvenForTheSuperAdmin()
    {
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/t/carbon.super/scim2/Users", null, null, John)).Status);
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Users", null, null, Admin)).Status);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/t/carbon.super/scim2/Users", null, null, Admin)).Status);
    }

    [Fact]
    public async Task UnknownTenant_Is404_BeforeAnyCredentialIsRead()
    {
        // AuthenticationValve.validateTenantDomain: JSON for a JSON request, a page otherwise.
        var json = await Host.SendContentAsync(HttpMethod.Post, "/t/nosuch.com/scim2/Users",
            new StringContent("""{"userName":"x"}""", System.Text.Encoding.UTF8, "application/json"), null, Admin);
        var page = await Host.SendAsync(HttpMethod.Get, "/t/nosuch.com/scim2/Me", null, null, Admin);

        Assert.Equal(404, json.Status);
        Assert.Equal("nosuch.com is an invalid tenant domain", JsonDocument.Parse(json.Body).RootElement.GetProperty("message").GetString());
        Assert.Equal(404, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Me", null, null, John)).Status);
    }

    [Fact]
    public async Task TenantUser_OnASuperTenantUrlWithoutPrefix_Is401()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, John);

        Assert.Equal(401, reply.Status);
        Assert.Equal(["Bearer realm=localhost"], reply.WwwAuthenticate);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Me", null, null, John)).Status);
    }

    [Fact]
    public async Task CrossTenantRule_LetsTheCallerIn_AndUnsecuredStaysOpen()
    {
        Host.Reconfigure(fixture.Home, """
            [[resource.access_control]]
            context = "(.*)/scim2/Me"
            http_method = "GET"
            permissions = ["/permission/admin/login"]
            cross_tenant = true
            """);
        try
        {
            var me = await Host.SendAsync(HttpMethod.Get, "/t/abc.com/scim2/Me", null, null, Admin);
            Assert.Equal(200, me.Status);
            Assert.Equal("admin", JsonDocument.Parse(me.Body).RootElement.GetProperty("userName").GetString());
            Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/t/abc.com/api/health", null)).Status);
        }
        finally
        {
            Host.Reconfigure(fixture.Home, "");
        }
    }

    public sealed class Fixture : SharedHostFixture
    {
        protected override async Task SeedAsync(CompatHost.Host.Users.IUserStore store)
        {
            await base.SeedAsync(store);
            await store.AddTenantAsync("abc.com");
            await store.AddUserAsync(QualifiedUserName.Parse("john@abc.com"), "johnpw", ["admin"], new Dictionary<string, string>());
        }
    }
}
