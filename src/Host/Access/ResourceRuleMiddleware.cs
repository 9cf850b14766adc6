using CompatHost.Host.Chain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Access;

/// <summary>
/// Authorization for every request, where the framework's <c>UseAuthorization</c> would run: the
/// request's matched rule (<see cref="ResourceRuleAuthorizer"/>), whether or not an endpoint
/// matched, so a path no endpoint serves is refused as the product refuses it. A caller who is not
/// authenticated gets the 401 (or the SOAP authentication fault); an authenticated one the rule
/// refuses gets the 403 (or the authorization fault), or 401 where the product answers so (another
/// tenant). Every endpoint declares its rules (<see cref="EndpointAccess"/>); none carries the
/// framework's authorization metadata, which only this middleware's absence would need.
/// </summary>
public sealed class ResourceRuleMiddleware(RequestDelegate next, ResourceRuleAuthorizer rules, ChallengeWriter challenges)
{
    public Task InvokeAsync(HttpContext context)
    {
        // A rule that decides at once (an unsecured rule, cached permissions) costs no async frame here.
        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        var permits = rules.PermitsAsync(context, state);
        return permits.IsCompletedSuccessfully
            ? permits.Result ? next(context) : RefuseAsync(context, state)
            : AwaitedAsync(context, state, permits);
    }

    private async Task AwaitedAsync(HttpContext context, AuthRequestState state, ValueTask<bool> permits)
    {
        if (await permits)
        {
            await next(context);
        }
        else
        {
            await RefuseAsync(context, state);
        }
    }

    private Task RefuseAsync(HttpContext context, AuthRequestState state)
    {
        if (context.User.Identity?.IsAuthenticated != true || state.RefuseAsUnauthenticated)
        {
            return challenges.WriteUnauthorizedAsync(context, state);
        }

        return challenges.WriteForbiddenAsync(context, state);
    }
}
