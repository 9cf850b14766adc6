using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Access;
using CompatHost.Host.Configuration;
using CompatHost.Host.Users;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Chain;

/// <summary>One handler of the chain as <c>explain</c> saw it.</summary>
public sealed record HandlerStep(string Name, int Priority, bool AllowedByRule, bool CanHandle);

/// <summary>Why a REST request would be answered as it would: rule, handlers, decider, authorization.</summary>
public sealed record Explanation(
    string Method,
    string Path,
    string? Tenant,
    string Rule,
    string RuleOrigin,
    IReadOnlyList<HandlerStep> Handlers,
    string? Decider,
    string? User,
    string? AuthenticationReason,
    int Status,
    string? AuthorizationReason);

/// <summary>
/// Answers "why was this request refused?" from the code that serves requests — the same rule
/// lookup, chain walk and authorization verdict — without serving it: no audit record is
/// written (nothing passes the audit middleware) and no password outcome reaches the lockout
/// counters (<see cref="PasswordSideEffects"/>).
/// </summary>
public sealed class RequestExplainer(ResourceRuleAuthorizer authorization)
{
    /// <param name="certificate">A client certificate already verified as the handshake would, or null.</param>
    public async Task<Explanation> ExplainAsync(ActiveSettings active, string method, string target, IHeaderDictionary headers,
        X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var settings = active.Settings;
        method = method.ToUpperInvariant();
        var query = target.IndexOf('?');
        var raw = query < 0 ? target : target[..query];
        var full = Uri.UnescapeDataString(raw);
        var tenant = TenantPathMiddleware.TrySplit(full, out var t, out var rest) ? t : null;
        var rule = settings.AccessControl.RuleFor(target, full, method);
        var request = new AuthenticationRequest(HandlerChains.Rest, method, rest.Value ?? "/", null, headers, certificate,
            SoapHeaders.None, settings);
        var steps = active.Rest.Entries
            .Select(e => new HandlerStep(e.Handler.Name, e.Configuration.Priority, rule.AllowsHandler(e.Handler.Name),
                rule.AllowsHandler(e.Handler.Name) && e.Handler.CanHandle(request, e.Configuration)))
            .ToList();
        Explanation Answer(int status, string? decider, string? user, string? authentication, string? authorizationReason) =>
            new(method, full, tenant, rule.Context, rule.Origin, steps, decider, user, authentication, status, authorizationReason);

        if (rule.Deny)
        {
            return Answer(401, null, null, null, rule.Origin);
        }

        if (!rule.Secure)
        {
            return Answer(200, null, null, null, "unsecured resource");
        }

        if (ChainAuthenticationMiddleware.RepeatedCredentialHeader(headers) is { } repeated)
        {
            return Answer(401, null, null, $"the {repeated} header is repeated", null);
        }

        ChainDecision decision;
        using (PasswordSideEffects.Suppress())
        {
            decision = await active.Rest.DecideAsync(request, rule, cancellationToken);
        }

        var decider = decision.Handler?.Name;
        if (!decision.Result.Succeeded || decision.Handler is null)
        {
            return Answer(401, decider, null, decision.Result.Reason, null);
        }

        var principal = ChainPrincipal.From(decision, CompatHostClaims.Scheme);
        var verdict = await authorization.EvaluateAsync(principal, rule, tenant, cancellationToken);
        var status = verdict.Granted ? 200 : verdict.AsUnauthenticated ? 401 : 403;
        return Answer(status, decider, decision.Result.User?.ToString() ?? "(system caller)", decision.Result.Reason, verdict.Reason ?? "granted");
    }
}
