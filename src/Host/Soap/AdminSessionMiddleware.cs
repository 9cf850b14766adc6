using CompatHost.Authenticators.MutualSsl;
using CompatHost.Authenticators.Session;
using CompatHost.Host.Chain;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Soap;

/// <summary>
/// The admin session's life around authentication, as Carbon runs it (soap-auth.md): a
/// successful MutualSSLAuthenticator call starts a session for its user, as a login would
/// (<c>CarbonAuthenticationUtil.onSuccessAdminLogin</c>); a failed authentication of a secured
/// call ends the session the request named (carbon-kernel <c>AuthenticationHandler</c>
/// invalidates the HTTP session on every failure). Runs after authentication and before
/// authorization, so the cookie change rides on the fault as well as on a success.
/// </summary>
public sealed class AdminSessionMiddleware(RequestDelegate next, IAdminSessions sessions)
{
    private static readonly CookieOptions Cookie = new() { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = "/" };

    public static async Task StartAsync(HttpContext context, IAdminSessions sessions, CompatHost.Sdk.Identity.QualifiedUserName user) =>
        context.Response.Cookies.Append(AdminSessionAuthenticator.CookieName, await sessions.StartAsync(user, context.RequestAborted), Cookie);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<RequestDecision>() is { Chain: Sdk.Handlers.HandlerChains.SoapAdmin } state)
        {
            context.Request.Cookies.TryGetValue(AdminSessionAuthenticator.CookieName, out var id);
            var decision = state.Decision ?? ChainDecision.NoHandler;
            if (!decision.Result.Succeeded && state.Rule.Secure && id is not null)
            {
                await sessions.EndAsync(id, context.RequestAborted);
                context.Response.Cookies.Delete(AdminSessionAuthenticator.CookieName, Cookie);
            }
            else if (decision is { Handler: MutualSslAuthenticator, Result: { Succeeded: true, User: { } user } }
                     && (id is null || await sessions.FindAsync(id, context.RequestAborted) is null))
            {
                await StartAsync(context, sessions, user);
            }
        }

        await next(context);
    }
}
