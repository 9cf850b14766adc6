using System.Text.Json;
using CompatHost.Tests.Support;

namespace CompatHost.Tests.Rest;

/// <summary>SCIM 2.0 users and groups as a client sees them (RFC 7644 shapes).</summary>
public sealed class ScimEndpointTests(ScimEndpointTests.Fixture fixture) : IClassFixture<ScimEndpointTests.Fixture>
{
    private static readonly (string, string) Admin = Basic.Header("admin", "admin");

    private RunningHost Host => fixture.Host;

    [Fact]
    public async Task Users_FilterByUserName_ReturnsAListResponse()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Users?filter=" + Uri.EscapeDataString("userName eq \"alice\""), null, null, Admin);

        Assert.Equal(200, reply.Status);
        Assert.Equal("application/scim+json", reply.ContentType);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", body.GetProperty("schemas")[0].GetString());
        Assert.Equal(1, body.GetProperty("totalResults").GetInt32());
        Assert.Equal("alice", body.GetProperty("Resources")[0].GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Users_Paging_UsesStartIndexAndCount()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Users?startIndex=2&count=1", null, null, Admin);

        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.True(body.GetProperty("totalResults").GetInt32() >= 3);
        Assert.Equal(2, body.GetProperty("startIndex").GetInt32());
        Assert.Equal(1, body.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal("alice", body.GetProperty("Resources")[0].GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Users_UnsupportedFilter_Is400InvalidFilter()
    {
        var reply = await Host.SendAsync(HttpMethod.Get, "/scim2/Users?filter=" + Uri.EscapeDataString("emails pr"), null, null, Admin);

        Assert.Equal(400, reply.Status);
        Assert.Equal("invalidFilter", JsonDocument.Parse(reply.Body).RootElement.GetProperty("scimType").GetString());
    }

    [Fact]
    public async Task Users_CreateGetPatchDelete_RoundTrip()
    {
        var created = await Host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"carol","password":"carolpw1"}""", null, Admin);
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString();

        Assert.Equal(409, (await Host.SendAsync(HttpMethod.Post, "/scim2/Users", """{"userName":"CAROL","password":"x"}""", null, Admin)).Status);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("carol", "carolpw1"))).Status);

        var patch = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"password","value":"carolpw2"},{"op":"add","path":"roles","value":[{"value":"viewer"}]}]}""";
        var patched = await Host.SendAsync(HttpMethod.Patch, $"/scim2/Users/{id}", patch, null, Admin);
        Assert.Equal(200, patched.Status);
        Assert.Contains("viewer", patched.Body);
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("carol", "carolpw1"))).Status);
        Assert.Equal(200, (await Host.SendAsync(HttpMethod.Get, $"/scim2/Users/{id}", null, null, Basic.Header("carol", "carolpw2"))).Status);

        Assert.Equal(204, (await Host.SendAsync(HttpMethod.Delete, $"/scim2/Users/{id}", null, null, Admin)).Status);
        Assert.Equal(404, (await Host.SendAsync(HttpMethod.Get, $"/scim2/Users/{id}", null, null, Admin)).Status);
        Assert.Equal(401, (await Host.SendAsync(HttpMethod.Get, "/scim2/Me", null, null, Basic.Header("carol", "carolpw2"))).Status);
    }

    [Fact]
    public async Task Users_BadJson_Is400_Never500()
    {
        var reply = await Host.SendAsync(HttpMethod.Post, "/scim2/Users", "{not json", null, Admin);

        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task Groups_CreateListAndAddMembers()
    {
        var alice = JsonDocument.Parse((await Host.SendAsync(HttpMethod.Get, "/scim2/Users?filter=" + Uri.EscapeDataString("userName eq \"alice\""), null, null, Admin)).Body)
            .RootElement.GetProperty("Resources")[0].GetProperty("id").GetString();
        var bob = JsonDocument.Parse((await Host.SendAsync(HttpMethod.Get, "/scim2/Users?filter=" + Uri.EscapeDataString("userName eq \"bob\""), null, null, Admin)).Body)
            .RootElement.GetProperty("Resources")[0].GetProperty("id").GetString();

        var created = await Host.SendAsync(HttpMethod.Post, "/scim2/Groups", $$"""{"displayName":"auditors","members":[{"value":"{{alice}}"}]}""", null, Admin);
        Assert.Equal(201, created.Status);

        var patched = await Host.SendAsync(HttpMethod.Patch, "/scim2/Groups/auditors",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{bob}}"}]}]}""", null, Admin);
        Assert.Equal(200, patched.Status);

        var list = JsonDocument.Parse((await Host.SendAsync(HttpMethod.Get, "/scim2/Groups", null, null, Admin)).Body).RootElement;
        var auditors = list.GetProperty("Resources").EnumerateArray().Single(g => g.GetProperty("displayName").GetString() == "auditors");
        Assert.Equal(["alice", "bob"], auditors.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("display").GetString()).Order());
    }

    public sealed class Fixture : SharedHostFixture;
}
