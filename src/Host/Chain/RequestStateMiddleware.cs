using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Chain;

/// <summary>
/// Sets the request's <see cref="AuthRequestState"/> once, right after the tenant prefix is
/// split off: one settings snapshot, the chain, and the matched rule for the whole request.
/// Everything after it reads the feature; nothing needs the <see cref="SettingsStore"/> to reach it.
/// </summary>
public sealed class RequestStateMiddleware(RequestDelegate next, SettingsStore store)
{
    public const string SoapPrefix = "/services";

    public Task InvokeAsync(HttpContext context)
    {
        var active = store.Active;
        var request = context.Request;
        var state = request.Path.StartsWithSegments(SoapPrefix, StringComparison.OrdinalIgnoreCase)
            ? new AuthRequestState(active, HandlerChains.SoapAdmin, SoapAccessRules.For(request))
            : new AuthRequestState(active, HandlerChains.Rest, RestRule(context, active.Settings));
        context.Features.Set(state);
        return next(context);
    }

    /// <summary>
    /// Rules match the whole path, tenant prefix included (the product matches its full
    /// request URI, hence contexts like <c>(.*)/scim2/Me</c>).
    /// </summary>
    private static ResourceRule RestRule(HttpContext context, HostSettings settings)
    {
        var request = context.Request;
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
        return settings.AccessControl.RuleFor(raw, path, request.Method);
    }
}
