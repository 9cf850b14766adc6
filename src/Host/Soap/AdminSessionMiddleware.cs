using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Soap;

/// <summary>
/// The admin session's life around authentication, as Carbon runs it (soap-auth.md): a success
/// its handler marks <see cref="Sdk.Handlers.HandlerResult.StartsAdminSession"/> (MutualSSLAuthenticator's)
/// starts a session for its user, as a login would (<c>CarbonAuthenticationUtil.onSuccessAdminLogin</c>); a failed authentication of a secured
/// call ends the session the request named (carbon-kernel <c>AuthenticationHandler</c>
/// invalidates the HTTP session on every failure). Runs after authentication and before
/// authorization, so the cookie change rides on the fault as well as on a success.
/// </summary>
public sealed class AdminSessionMiddleware(RequestDelegate next, IAdminSessions sessions, TimeProvider time)
{
    private static readonly CookieOptions Cookie = new() { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = "/" };

    /// <summary>
    /// Sessions a MutualSSL call found live, by the SHA-256 of their id, for 10 s. A client that
    /// keeps its cookie asked the store on every call (SqlAdminSessions.Find was 4% of a MutualSSL
    /// call's CPU in the profile); the answer only decides whether to hand out a new cookie, never
    /// who the caller is (the certificate decides that on every call, and a call that comes with
    /// the cookie alone is still decided by the session authenticator against the store).
    /// </summary>
    private readonly Users.ExpiringCache<string, string> _live = new(time, TimeSpan.FromSeconds(10), 10_000, "admin_sessions");

    public static async Task StartAsync(HttpContext context, IAdminSessions sessions, QualifiedUserName user) =>
        context.Response.Cookies.Append(IAdminSessions.CookieName, await sessions.StartAsync(user, context.RequestAborted), Cookie);

    public Task InvokeAsync(HttpContext context) =>
        context.Features.GetRequiredFeature<AuthRequestState>() is { Chain: Sdk.Handlers.HandlerChains.SoapAdmin } state
            ? AdminAsync(context, state)
            : next(context);

    private async Task AdminAsync(HttpContext context, AuthRequestState state)
    {
        context.Request.Cookies.TryGetValue(IAdminSessions.CookieName, out var id);
        var decision = state.Decision ?? ChainDecision.NoHandler;
        if (!decision.Result.Succeeded && state.Rule.Secure && id is not null)
        {
            _live.Remove(OAuth.TokenValues.Hash(id));
            await sessions.EndAsync(id, context.RequestAborted);
            context.Response.Cookies.Delete(IAdminSessions.CookieName, Cookie);
        }
        else if (decision.Result is { Succeeded: true, StartsAdminSession: true, User: { } user }
                 && !await LiveAsync(id, context.RequestAborted))
        {
            await StartAsync(context, sessions, user);
        }

        await next(context);
    }

    private async Task<bool> LiveAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return false;
        }

        var hash = OAuth.TokenValues.Hash(id);
        if (_live.TryGet(hash, out _))
        {
            return true;
        }

        if (await sessions.FindAsync(id, cancellationToken) is null)
        {
            return false;
        }

        _live.Set(hash, hash);
        return true;
    }
}
