using CompatHost.Authenticators.MutualSsl;
using CompatHost.Authenticators.Session;
using CompatHost.Host.Chain;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Soap;

/// <summary>
/// A successful MutualSSLAuthenticator call starts an admin session for its user, as a login
/// would (soap-auth.md step 6), so the client may continue on the JSESSIONID cookie.
/// </summary>
public sealed class MutualSslSessionMiddleware(RequestDelegate next, IAdminSessions sessions)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<RequestDecision>() is { Decision: { Handler: MutualSslAuthenticator, Result: { Succeeded: true, User: { } user } } }
            && !context.Request.Cookies.ContainsKey(AdminSessionAuthenticator.CookieName))
        {
            context.Response.Cookies.Append(AdminSessionAuthenticator.CookieName, sessions.Start(user),
                new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = "/" });
        }

        return next(context);
    }
}
