using CompatHost.Host.Chain;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Access;

/// <summary>
/// Tenant-qualified URLs, as the product serves them: <c>/t/{tenant}/scim2/Me</c> is
/// <c>/scim2/Me</c> in tenant <c>{tenant}</c>. The prefix moves to PathBase, so rules and
/// endpoints match the plain path, and the tenant is remembered for the cross-tenant check.
/// </summary>
/// <remarks>
/// A REST request naming a tenant that does not exist is answered 404 before anything else, as
/// the product's <c>AuthenticationValve.validateTenantDomain</c> does (JSON for a JSON request,
/// a short page otherwise). Known tenants are remembered briefly so the check costs no query.
/// </remarks>
public sealed class TenantPathMiddleware(RequestDelegate next, Users.IUserStore store, TimeProvider time)
{
    private static readonly PathString Prefix = "/t";

    private readonly Users.ExpiringCache<string, string> _known = new(time, TimeSpan.FromSeconds(30), 1024, "tenants");

    public Task InvokeAsync(HttpContext context) =>
        TrySplit(context.Request.Path, out var tenant, out var rest) ? TenantAsync(context, tenant, rest) : next(context);

    private async Task TenantAsync(HttpContext context, string tenant, PathString rest)
    {
        if (!rest.StartsWithSegments(RequestStateMiddleware.SoapPrefix, StringComparison.OrdinalIgnoreCase)
            && !await ExistsAsync(tenant, context.RequestAborted))
        {
            await WriteInvalidTenantAsync(context, tenant);
            return;
        }

        var request = context.Request;
        request.PathBase = request.PathBase.Add(Prefix).Add("/" + tenant);
        request.Path = rest;
        context.Features.Set(new RequestTenant(tenant));
        await next(context);
    }

    private async Task<bool> ExistsAsync(string tenant, CancellationToken cancellationToken)
    {
        if (_known.TryGet(tenant, out _))
        {
            return true;
        }

        if (!await store.TenantExistsAsync(tenant, cancellationToken))
        {
            return false;
        }

        _known.Set(tenant, tenant);
        return true;
    }

    private static Task WriteInvalidTenantAsync(HttpContext context, string tenant)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        var message = tenant + " is an invalid tenant domain";
        if (context.Request.ContentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            response.ContentType = "application/json";
            return response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { code = 404, message, description = message }));
        }

        response.ContentType = "text/html";
        return response.WriteAsync("<!DOCTYPE html><html><head><title>Invalid tenant domain</title></head><body><h1>Invalid tenant domain</h1><p>"
            + System.Net.WebUtility.HtmlEncode(message) + "</p></body></html>");
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
