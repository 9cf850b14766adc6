using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Rest.Scim;

/// <summary><c>GET /scim2/Me</c>: the authenticated user as a SCIM 2.0 resource.</summary>
public static class ScimMeEndpoint
{
    public const string ContentType = "application/scim+json";
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    public static async Task<IResult> GetAsync(HttpContext context, IUserDirectory users)
    {
        var name = context.User.FindFirst(CompatHostClaims.User)?.Value;
        var account = name is not null && QualifiedUserName.TryParse(name, out var user)
            ? await users.FindAsync(user, context.RequestAborted)
            : null;
        if (account is null)
        {
            return Results.Json(ScimError(404, "The authenticated user does not exist."), statusCode: 404, contentType: ContentType);
        }

        return Results.Json(new
        {
            schemas = new[] { UserSchema },
            id = account.Id,
            userName = account.UserName.ToString(),
            groups = account.Roles.Select(r => new { display = r }),
            meta = new { resourceType = "User", location = $"/scim2/Users/{account.Id}" },
        }, contentType: ContentType);
    }

    public static object ScimError(int status, string detail) => new
    {
        schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:Error" },
        status = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        detail,
    };
}
