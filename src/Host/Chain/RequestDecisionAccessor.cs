using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Host.Soap;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Chain;

/// <summary>Creates a request's <see cref="RequestDecision"/> once, on first use, from the snapshot then in force.</summary>
public static class RequestDecisionAccessor
{
    public const string SoapPrefix = "/services";

    public static RequestDecision GetDecision(this HttpContext context, SettingsStore store)
    {
        if (context.Features.Get<RequestDecision>() is { } existing)
        {
            return existing;
        }

        var active = store.Active;
        var request = context.Request;
        var soap = request.Path.StartsWithSegments(SoapPrefix, StringComparison.OrdinalIgnoreCase);
        var decision = soap
            ? new RequestDecision(active, HandlerChains.SoapAdmin, SoapAccessRules.For(request))
            : new RequestDecision(active, HandlerChains.Rest, RestRule(context, active.Settings));
        if (decision.Rule.Deny)
        {
            decision.DenialReason = decision.Rule.Origin;
        }

        context.Features.Set(decision);
        return decision;
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
