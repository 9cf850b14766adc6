using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Host.Soap;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

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

        var settings = store.Current;
        var path = context.Request.Path.Value ?? "/";
        var soap = context.Request.Path.StartsWithSegments(SoapPrefix, StringComparison.OrdinalIgnoreCase);
        var decision = soap
            ? new RequestDecision(settings, HandlerChains.SoapAdmin, SoapAccessRules.For(context.Request))
            : new RequestDecision(settings, HandlerChains.Rest, settings.RuleFor(path, context.Request.Method));
        context.Features.Set(decision);
        return decision;
    }
}
