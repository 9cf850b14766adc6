using System.Security.Claims;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Access;

/// <summary>
/// Applies the request's matched <see cref="ResourceRule"/> (rest-auth.md: Access control):
/// unsecured rules admit anyone; otherwise the caller must be authenticated and hold every
/// listed permission, or, for a bearer token on a rule with scopes, every listed scope.
/// </summary>
public sealed class ResourceRuleAuthorizationHandler(SettingsStore store, IUserDirectory users)
    : AuthorizationHandler<ResourceRuleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ResourceRuleRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return;
        }

        var state = http.GetDecision(store);
        var rule = state.Rule;
        if (!rule.Secure)
        {
            context.Succeed(requirement);
            return;
        }

        var principal = context.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var reason = CrossTenantRefusal(http, principal, rule) ?? await RefusalAsync(principal, rule, http.RequestAborted);
        if (reason is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            state.DenialReason = reason;
            context.Fail(new AuthorizationFailureReason(this, reason));
        }
    }

    /// <summary>
    /// A URL naming another tenant than the caller's is refused unless the rule says
    /// <c>cross_tenant = true</c> (rest-auth.md). A user-less system caller belongs to no tenant.
    /// </summary>
    private static string? CrossTenantRefusal(HttpContext http, ClaimsPrincipal principal, ResourceRule rule)
    {
        if (rule.CrossTenant || http.Features.Get<RequestTenant>() is not { } requested)
        {
            return null;
        }

        var own = principal.FindFirst(CompatHostClaims.Tenant)?.Value;
        return own == requested.Tenant ? null : $"caller of tenant '{own ?? "(none)"}' may not act in tenant '{requested.Tenant}'";
    }

    /// <summary>Null when permitted, else why not (for the audit log only).</summary>
    private async Task<string?> RefusalAsync(ClaimsPrincipal principal, ResourceRule rule, CancellationToken cancellationToken)
    {
        if (principal.HasClaim(c => c.Type == CompatHostClaims.TokenAuthenticated) && rule.Scopes.Count > 0)
        {
            var missing = rule.Scopes.Where(s => !principal.HasClaim(CompatHostClaims.Scope, s)).ToList();
            return missing.Count == 0 ? null : "token lacks scope " + string.Join(", ", missing);
        }

        if (principal.HasClaim(c => c.Type == CompatHostClaims.SystemCaller))
        {
            // Stricter than the product (rest-auth.md): a user-less system caller passes only
            // rules that require neither permission nor scope.
            return rule.Permissions.Count == 0 && rule.Scopes.Count == 0
                ? null
                : "system caller with no user on a rule that requires permissions or scopes";
        }

        if (rule.Permissions.Count == 0)
        {
            return null;
        }

        var name = principal.FindFirst(CompatHostClaims.User)?.Value;
        var account = name is not null && QualifiedUserName.TryParse(name, out var user)
            ? await users.FindAsync(user, cancellationToken)
            : null;
        if (account is null)
        {
            return "authenticated user no longer exists";
        }

        var lacking = rule.Permissions.Where(p => !account.HasPermission(p)).ToList();
        return lacking.Count == 0 ? null : "user lacks permission " + string.Join(", ", lacking);
    }
}
