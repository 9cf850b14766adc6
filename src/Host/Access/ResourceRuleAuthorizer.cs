using System.Security.Claims;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Access;

/// <summary>
/// Applies the request's matched <see cref="ResourceRule"/> as the product's authorization
/// valve and its legacy-runtime handler do (wso2-extensions/identity-carbon-auth-rest,
/// <c>AuthorizationValve.invoke</c> and <c>AuthorizationHandler.handleAuthorization</c>):
/// the tenant check first, then scopes for a token on a rule with scopes, else permissions.
/// </summary>
public sealed class ResourceRuleAuthorizer(IUserDirectory users)
{
    /// <summary>A rule whose permission is this word grants every authenticated caller (<c>validatePermissions</c>).</summary>
    public const string NoPermission = "none";

    /// <summary>
    /// Whether the request may go on: an unsecured rule lets anyone through, a secured one only an
    /// authenticated caller who passes it. A refusal of an authenticated caller is recorded on the
    /// request's state (the audit reason, and whether the product answers it 401).
    /// </summary>
    public async ValueTask<bool> PermitsAsync(HttpContext http, AuthRequestState state)
    {
        var rule = state.Rule;
        if (!rule.Secure)
        {
            return true;
        }

        var principal = http.User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var verdict = await EvaluateAsync(principal, rule, http.Features.Get<RequestTenant>()?.Tenant, http.RequestAborted);
        if (!verdict.Granted)
        {
            state.Deny(verdict.Reason!, verdict.AsUnauthenticated);
        }

        return verdict.Granted;
    }

    /// <summary>
    /// The decision for an authenticated caller on a secured rule, shared with <c>explain</c>
    /// so both answer from one code path. <paramref name="urlTenant"/> is the URL's
    /// <c>/t/{tenant}</c>, null when it names none.
    /// </summary>
    public async ValueTask<AuthorizationVerdict> EvaluateAsync(ClaimsPrincipal principal, ResourceRule rule, string? urlTenant, CancellationToken cancellationToken)
    {
        if (TenantRefusal(principal, rule, urlTenant) is { } tenant)
        {
            // The product answers a caller of another tenant 401, not 403.
            return new AuthorizationVerdict(false, true, tenant);
        }

        var reason = await RefusalAsync(principal, rule, cancellationToken);
        return new AuthorizationVerdict(reason is null, false, reason);
    }

    /// <summary>
    /// The caller's tenant must be the one the URL names — <c>/t/{tenant}</c>, or the super
    /// tenant when there is none — unless the rule allows cross-tenant access
    /// (<c>Utils.isUserBelongsToRequestedTenant</c>). A user-less system caller has no tenant
    /// and is not checked, as in the product.
    /// </summary>
    private static string? TenantRefusal(ClaimsPrincipal principal, ResourceRule rule, string? urlTenant)
    {
        var own = principal.FindFirst(CompatHostClaims.Tenant)?.Value;
        if (rule.CrossTenant || own is null)
        {
            return null;
        }

        var requested = urlTenant ?? QualifiedUserName.SuperTenant;
        return own == requested ? null : $"caller of tenant '{own}' may not act in tenant '{requested}'";
    }

    /// <summary>Null when permitted, else why not (for the audit log only).</summary>
    private async ValueTask<string?> RefusalAsync(ClaimsPrincipal principal, ResourceRule rule, CancellationToken cancellationToken)
    {
        // A token's scopes decide when the rule names scopes; permissions are then not consulted.
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
            // Legacy runtime: scopes without permissions cannot be met by a non-token caller.
            return rule.Scopes.Count == 0 ? null : "rule requires scopes " + string.Join(", ", rule.Scopes) + " and the caller has no token";
        }

        if (rule.PermissionString.Equals(NoPermission, StringComparison.OrdinalIgnoreCase))
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

        // The product asks the user store about the comma-joined string as one resource id, so
        // several permissions pass only through a permission above all of them (README).
        return account.HasPermission(rule.PermissionString) ? null : "user lacks permission " + rule.PermissionString;
    }
}

/// <summary>Whether a caller passes a rule; a refusal says why and whether the product answers it 401.</summary>
public readonly record struct AuthorizationVerdict(bool Granted, bool AsUnauthenticated, string? Reason);
