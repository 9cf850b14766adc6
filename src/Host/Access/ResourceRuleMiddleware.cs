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
    public async Task InvokeAsync(HttpContext context)
    {
        var state = context.Features.GetRequiredFeature<AuthRequestState>();
        if (await rules.PermitsAsync(context, state))
        {
            await next(context);
        }
        else if (context.User.Identity?.IsAuthenticated != true || state.RefuseAsUnauthenticated)
        {
            await challenges.WriteUnauthorizedAsync(context, state);
        }
        else
        {
            await challenges.WriteForbiddenAsync(context, state);
        }
    }
}
