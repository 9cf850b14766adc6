using CompatHost.Host.Chain;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Access;

/// <summary>
/// Tenant-qualified URLs, as the product serves them: <c>/t/{tenant}/scim2/Me</c> is
/// <c>/scim2/Me</c> in tenant <c>{tenant}</c>. The prefix moves to PathBase, so rules and
/// endpoints match the plain path, and the tenant is remembered for the cross-tenant check.
/// </summary>
public sealed class TenantPathMiddleware(RequestDelegate next)
{
    private static readonly PathString Prefix = "/t";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (TrySplit(request.Path, out var tenant, out var rest))
        {
            request.PathBase = request.PathBase.Add(Prefix).Add("/" + tenant);
            request.Path = rest;
            context.Features.Set(new RequestTenant(tenant));
        }

        return next(context);
    }

    /// <summary><c>/t/abc.com/scim2/Me</c> is tenant <c>abc.com</c> and path <c>/scim2/Me</c>.</summary>
    public static bool TrySplit(PathString path, out string tenant, out PathString rest)
    {
        tenant = "";
        rest = path;
        if (!path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var after) || after.Value is not { Length: > 1 } value)
        {
            return false;
        }

        var slash = value.IndexOf('/', 1);
        tenant = (slash < 0 ? value[1..] : value[1..slash]).ToLowerInvariant();
        rest = slash < 0 ? "/" : value[slash..];
        return true;
    }
}

/// <summary>The tenant a request's URL names (<c>/t/{tenant}/...</c>), if any.</summary>
public sealed record RequestTenant(string Tenant)
{
    /// <summary>The tenant a request works in: the URL's, else the caller's, else the super tenant.</summary>
    public static string Of(HttpContext context) =>
        context.Features.Get<RequestTenant>()?.Tenant
        ?? context.User.FindFirst(CompatHostClaims.Tenant)?.Value
        ?? Sdk.Identity.QualifiedUserName.SuperTenant;
}
