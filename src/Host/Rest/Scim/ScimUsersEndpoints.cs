using System.Text.Json;
using CompatHost.Host.Access;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.Rest.Scim;

/// <summary>
/// <c>/scim2/Users</c> (RFC 7644): list with filter and paging, get, create, delete, and PATCH
/// for password and roles. The product's rules for the resource guard each method.
/// </summary>
public static class ScimUsersEndpoints
{
    private const int MaxCount = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        // identity.xml.j2's rules for the resource, in its order: listing (and .search) before
        // reading one, and its own regexes (a bare /scim2/Users GET lists, /scim2/Users/x reads).
        app = app.MapGroup("").WithAccess(
            BuiltInRules.Secured("(.*)/scim2/Users(/?)", "GET", Permissions.UserMgt.List, "internal_user_mgt_list"),
            BuiltInRules.Secured("(.*)/scim2/Users/.search(.*)", "POST", Permissions.UserMgt.List, "internal_user_mgt_list"),
            BuiltInRules.Secured("(.*)/scim2/Users/(.+)", "GET", Permissions.UserMgt.View, "internal_user_mgt_view"),
            BuiltInRules.Secured("(.*)/scim2/Users(.*)", "POST", Permissions.UserMgt.Create, "internal_user_mgt_create"),
            BuiltInRules.Secured("(.*)/scim2/Users/(.*)", "PUT,PATCH", Permissions.UserMgt.Update, "internal_user_mgt_update"),
            BuiltInRules.Secured("(.*)/scim2/Users/(.*)", "DELETE", Permissions.UserMgt.Delete, "internal_user_mgt_delete"));
        app.MapGet("/scim2/Users", List);
        app.MapGet("/scim2/Users/{id}", Get);
        app.MapPost("/scim2/Users", Create);
        app.MapDelete("/scim2/Users/{id}", Delete);
        app.MapPatch("/scim2/Users/{id}", Patch);
    }

    private static async Task<IResult> List(HttpContext context, IUserStore store, string? filter, int? startIndex, int? count)
    {
        if (!ScimFilter.TryParse(filter, "userName", out var wildcard))
        {
            return ScimJson.Error(400, "Only userName eq|sw|co \"value\" filters are supported.", "invalidFilter");
        }

        var tenant = ScimJson.Tenant(context);
        var start = Math.Max(1, startIndex ?? 1);
        var take = Math.Clamp(count ?? MaxCount, 0, MaxCount);
        var total = await store.CountUsersAsync(tenant, wildcard, context.RequestAborted);
        var page = new List<object>();
        foreach (var name in await store.ListUsersAsync(tenant, wildcard, take, start - 1, context.RequestAborted))
        {
            // A user deleted between the two reads is left out of the page.
            if (await store.FindAsync(name, context.RequestAborted) is { } account)
            {
                page.Add(ScimJson.User(account));
            }
        }

        return ScimJson.Ok(ScimJson.List(page, total, start));
    }

    private static async Task<IResult> Get(HttpContext context, IUserStore store, string id) =>
        await InTenantAsync(context, store, id) is { } account ? ScimJson.UserResource(account) : NotFound(id);

    private static async Task<IResult> Create(HttpContext context, IUserStore store)
    {
        if (await ScimJson.ReadBodyAsync(context.Request) is not { } body)
        {
            return ScimJson.Error(400, "The request body is not JSON.", "invalidSyntax");
        }

        var userName = body.String("userName");
        var password = body.String("password");
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            || !QualifiedUserName.TryParse(userName, out var parsed))
        {
            return ScimJson.Error(400, "userName and password are required.", "invalidValue");
        }

        // A user is created in the caller's tenant whatever the name says.
        var user = QualifiedUserName.Create(parsed.Name, parsed.Domain, ScimJson.Tenant(context));
        try
        {
            await store.AddUserAsync(user, password, [], new Dictionary<string, string>(), context.RequestAborted);
        }
        catch (UserStoreException ex)
        {
            return ScimJson.Error(409, ex.Message, "uniqueness");
        }

        var account = await store.FindAsync(user, context.RequestAborted);
        context.Response.Headers.Location = $"/scim2/Users/{account!.Id}";
        return ScimJson.UserResource(account, 201);
    }

    private static async Task<IResult> Delete(HttpContext context, IUserStore store, string id)
    {
        if (await InTenantAsync(context, store, id) is not { } account)
        {
            return NotFound(id);
        }

        await store.DeleteUserAsync(account.UserName, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> Patch(HttpContext context, IUserStore store, string id)
    {
        if (await InTenantAsync(context, store, id) is not { } account)
        {
            return NotFound(id);
        }

        if (await ScimJson.ReadBodyAsync(context.Request) is not { } body
            || !body.TryGetProperty("Operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
        {
            return ScimJson.Error(400, "A PatchOp body with an Operations array is required.", "invalidSyntax");
        }

        try
        {
            foreach (var operation in operations.EnumerateArray())
            {
                if (await ApplyAsync(store, account.UserName, operation, context.RequestAborted) is { } problem)
                {
                    return ScimJson.Error(400, problem, "invalidValue");
                }
            }
        }
        catch (UserStoreException ex)
        {
            return ScimJson.Error(400, ex.Message, "invalidValue");
        }

        return ScimJson.UserResource((await store.FindByIdAsync(account.Id, context.RequestAborted))!);
    }

    /// <summary>Applies one operation; returns a problem description when it cannot.</summary>
    private static async Task<string?> ApplyAsync(IUserStore store, QualifiedUserName user, JsonElement operation, CancellationToken cancellationToken)
    {
        var op = operation.String("op")?.ToLowerInvariant();
        var path = operation.String("path")?.ToLowerInvariant();
        operation.TryGetProperty("value", out var value);
        switch (op, path)
        {
            case ("replace" or "add", "password") when value.ValueKind == JsonValueKind.String:
                await store.SetPasswordAsync(user, value.GetString()!, cancellationToken);
                return null;
            case ("add" or "remove", "roles" or "groups") when value.ValueKind == JsonValueKind.Array:
                var roles = value.EnumerateArray().Select(v => v.String("value") ?? v.String("display")).OfType<string>().ToList();
                await store.UpdateRolesOfUserAsync(user, op == "remove" ? roles : [], op == "add" ? roles : [], cancellationToken);
                return null;
            default:
                return $"Unsupported operation '{op}' on '{path}': password (replace) and roles (add/remove) can be patched.";
        }
    }

    private static async Task<UserAccount?> InTenantAsync(HttpContext context, IUserStore store, string id) =>
        await store.FindByIdAsync(id, context.RequestAborted) is { } account && account.UserName.Tenant == ScimJson.Tenant(context) ? account : null;

    private static IResult NotFound(string id) => ScimJson.Error(404, $"User {id} not found.");
}
