using System.Text.Json;
using CompatHost.Host.Access;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.Rest.Scim;

/// <summary><c>/scim2/Groups</c>: roles as SCIM groups (list, create, add members). The group id is the role name.</summary>
public static class ScimGroupsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app = app.MapGroup("").WithAccess(BuiltInRules.Crud("(.*)/scim2/Groups(.*)", Permissions.RoleMgt.Root, "internal_role_mgt"));
        app.MapGet("/scim2/Groups", List);
        app.MapPost("/scim2/Groups", Create);
        app.MapPatch("/scim2/Groups/{id}", AddMembers);
    }

    private static async Task<IResult> List(HttpContext context, IUserStore store, string? filter)
    {
        if (!ScimFilter.TryParse(filter, "displayName", out var wildcard))
        {
            return ScimJson.Error(400, "Only displayName eq|sw|co \"value\" filters are supported.", "invalidFilter");
        }

        var tenant = ScimJson.Tenant(context);
        var groups = new List<object>();
        foreach (var role in await store.ListRolesAsync(tenant, wildcard, context.RequestAborted))
        {
            groups.Add(await GroupAsync(store, tenant, role, context.RequestAborted));
        }

        return ScimJson.Ok(ScimJson.List(groups, groups.Count, 1));
    }

    private static async Task<IResult> Create(HttpContext context, IUserStore store)
    {
        if (await ScimJson.ReadBodyAsync(context.Request) is not { } body || string.IsNullOrWhiteSpace(body.String("displayName")))
        {
            return ScimJson.Error(400, "displayName is required.", "invalidValue");
        }

        var tenant = ScimJson.Tenant(context);
        var role = body.String("displayName")!.Trim();
        var members = await MembersAsync(store, body, context.RequestAborted);
        if (members is null)
        {
            return ScimJson.Error(400, "A member names no user of this tenant.", "invalidValue");
        }

        try
        {
            await store.AddRoleAsync(tenant, role, members, [], context.RequestAborted);
        }
        catch (UserStoreException ex)
        {
            return ScimJson.Error(409, ex.Message, "uniqueness");
        }

        context.Response.Headers.Location = $"/scim2/Groups/{Uri.EscapeDataString(role)}";
        return ScimJson.Ok(await GroupAsync(store, tenant, role, context.RequestAborted), 201);
    }

    private static async Task<IResult> AddMembers(HttpContext context, IUserStore store, string id)
    {
        var tenant = ScimJson.Tenant(context);
        if (!await store.RoleExistsAsync(tenant, id, context.RequestAborted))
        {
            return ScimJson.Error(404, $"Group {id} not found.");
        }

        if (await ScimJson.ReadBodyAsync(context.Request) is not { } body
            || !body.TryGetProperty("Operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
        {
            return ScimJson.Error(400, "A PatchOp body with an Operations array is required.", "invalidSyntax");
        }

        foreach (var operation in operations.EnumerateArray())
        {
            if (operation.String("op")?.ToLowerInvariant() != "add" || operation.String("path")?.ToLowerInvariant() is not ("members" or null)
                || await MembersAsync(store, operation, context.RequestAborted) is not { } members)
            {
                return ScimJson.Error(400, "Only add operations on members that name users of this tenant are supported.", "invalidValue");
            }

            foreach (var member in members.Where(m => m.Tenant == tenant))
            {
                await store.UpdateRolesOfUserAsync(member, [], [id], context.RequestAborted);
            }
        }

        return ScimJson.Ok(await GroupAsync(store, tenant, id, context.RequestAborted));
    }

    /// <summary>The users named by <c>members</c> (or a PatchOp <c>value</c>) as SCIM user ids; null if one is unknown.</summary>
    private static async Task<List<QualifiedUserName>?> MembersAsync(IUserStore store, JsonElement element, CancellationToken cancellationToken)
    {
        var array = element.TryGetProperty("members", out var m) ? m : element.TryGetProperty("value", out var v) ? v : default;
        if (array.ValueKind == JsonValueKind.Undefined)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var users = new List<QualifiedUserName>();
        foreach (var member in array.EnumerateArray())
        {
            if (member.String("value") is not { } id || await store.FindByIdAsync(id, cancellationToken) is not { } account)
            {
                return null;
            }

            users.Add(account.UserName);
        }

        return users;
    }

    private static async Task<object> GroupAsync(IUserStore store, string tenant, string role, CancellationToken cancellationToken) => new
    {
        schemas = new[] { ScimJson.GroupSchema },
        id = role,
        displayName = role,
        members = (await store.UsersInRoleAsync(tenant, role, cancellationToken)).Select(u => new { display = u.ToString() }),
        meta = new { resourceType = "Group", location = $"/scim2/Groups/{Uri.EscapeDataString(role)}" },
    };
}
