using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Rest.Scim;

/// <summary><c>GET /scim2/Me</c>: the authenticated user as a SCIM 2.0 resource.</summary>
public static class ScimMeEndpoint
{
    public static async Task<IResult> GetAsync(HttpContext context, IUserDirectory users)
    {
        var name = context.User.FindFirst(CompatHostClaims.User)?.Value;
        var account = name is not null && QualifiedUserName.TryParse(name, out var user)
            ? await users.FindAsync(user, context.RequestAborted)
            : null;
        return account is null
            ? ScimJson.Error(404, "The authenticated caller is not a user of this host.")
            : ScimJson.UserResource(account);
    }
}
