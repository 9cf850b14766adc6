using System.Text.Json;
using CompatHost.Host.Users;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CompatHost.Host.Rest.Scim;

/// <summary>
/// <c>/scim2/Users</c> (RFC 7644): list with filter and paging, get, create, delete, and PATCH
/// for password and roles. Access rules (DefaultAccessRules) guard each method.
/// </summary>
public static class ScimUsersEndpoints
{
    private const int MaxCount = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/scim2/Users", List);
        app.MapGet("/scim2/Users/{id}", Get);
        app.MapPost("/scim2/Users", Create);
        app.MapDelete("/scim2/Users/{id}", Delete);
        app.MapPatch("/scim2/Users/{id}", Patch);
    }

    private static IResult List(HttpContext context, IUserStore store, string? filter, int? startIndex, int? count)
    {
        if (!ScimFilter.TryParse(filter, "userName", out var wildcard))
        {
            return ScimJson.Error(400, "Only userName eq|sw|co \"value\" filters are supported.", "invalidFilter");
        }

        var tenant = ScimJson.Tenant(context);
        var start = Math.Max(1, startIndex ?? 1);
        var take = Math.Clamp(count ?? MaxCount, 0, MaxCount);
        var total = store.CountUsers(tenant, wildcard);
        var page = store.ListUsers(tenant, wildcard, take, start - 1)
            .Select(u => store.FindAsync(u, context.RequestAborted).AsTask().GetAwaiter().GetResult())
            .OfType<UserAccount>()
            .Select(ScimJson.User);
        return ScimJson.Ok(ScimJson.List(page, total, start));
    }

    private static IResult Get(HttpContext context, IUserStore store, string id) =>
        InTenant(context, store, id) is { } account ? ScimJson.Ok(ScimJson.User(account)) : NotFound(id);

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
            store.AddUser(user, password, [], new Dictionary<string, string>());
        }
        catch (UserStoreException ex)
        {
            return ScimJson.Error(409, ex.Message, "uniqueness");
        }

        var account = await store.FindAsync(user, context.RequestAborted);
        context.Response.Headers.Location = $"/scim2/Users/{account!.Id}";
        return ScimJson.Ok(ScimJson.User(account), 201);
    }

    private static IResult Delete(HttpContext context, IUserStore store, string id)
    {
        if (InTenant(context, store, id) is not { } account)
        {
            return NotFound(id);
        }

        store.DeleteUser(account.UserName);
        return Results.NoContent();
    }

    private static async Task<IResult> Patch(HttpContext context, IUserStore store, string id)
    {
        if (InTenant(context, store, id) is not { } account)
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
                if (Apply(store, account.UserName, operation) is { } problem)
                {
                    return ScimJson.Error(400, problem, "invalidValue");
                }
            }
        }
        catch (UserStoreException ex)
        {
            return ScimJson.Error(400, ex.Message, "invalidValue");
        }

        return ScimJson.Ok(ScimJson.User(store.FindById(account.Id)!));
    }

    /// <summary>Applies one operation; returns a problem description when it cannot.</summary>
    private static string? Apply(IUserStore store, QualifiedUserName user, JsonElement operation)
    {
        var op = operation.String("op")?.ToLowerInvariant();
        var path = operation.String("path")?.ToLowerInvariant();
        operation.TryGetProperty("value", out var value);
        switch (op, path)
        {
            case ("replace" or "add", "password") when value.ValueKind == JsonValueKind.String:
                store.SetPassword(user, value.GetString()!);
                return null;
            case ("add" or "remove", "roles" or "groups") when value.ValueKind == JsonValueKind.Array:
                var roles = value.EnumerateArray().Select(v => v.String("value") ?? v.String("display")).OfType<string>().ToList();
                store.UpdateRolesOfUser(user, op == "remove" ? roles : [], op == "add" ? roles : []);
                return null;
            default:
                return $"Unsupported operation '{op}' on '{path}': password (replace) and roles (add/remove) can be patched.";
        }
    }

    private static UserAccount? InTenant(HttpContext context, IUserStore store, string id) =>
        store.FindById(id) is { } account && account.UserName.Tenant == ScimJson.Tenant(context) ? account : null;

    private static IResult NotFound(string id) => ScimJson.Error(404, $"User {id} not found.");
}
