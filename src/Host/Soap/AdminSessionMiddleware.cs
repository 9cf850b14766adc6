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

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.GetRequiredFeature<AuthRequestState>() is not { Chain: Sdk.Handlers.HandlerChains.SoapAdmin } state)
        {
            return next(context);
        }

        var decision = state.Decision ?? ChainDecision.NoHandler;
        if (!decision.Result.Succeeded)
        {
            return state.Rule.Secure && context.Request.Cookies.TryGetValue(IAdminSessions.CookieName, out var named) && named is not null
                ? EndAsync(context, named)
                : next(context);
        }

        if (decision.Result is not { StartsAdminSession: true, User: { } user })
        {
            return next(context);
        }

        // A session known to be live needs nothing from the store: the call goes on without an
        // async frame of its own here (its state machine was ~0.4 KiB per call).
        context.Request.Cookies.TryGetValue(IAdminSessions.CookieName, out var id);
        return id is not null && _live.TryGet(OAuth.TokenValues.Hash(id), out _)
            ? next(context)
            : StartUnlessLiveAsync(context, id, user);
    }

    private async Task EndAsync(HttpContext context, string id)
    {
        _live.Remove(OAuth.TokenValues.Hash(id));
        await sessions.EndAsync(id, context.RequestAborted);
        context.Response.Cookies.Delete(IAdminSessions.CookieName, Cookie);
        await next(context);
    }

    /// <summary>Starts a session unless the one the request named is live in the store (then remembered for a while).</summary>
    private async Task StartUnlessLiveAsync(HttpContext context, string? id, QualifiedUserName user)
    {
        if (id is not null && await sessions.FindAsync(id, context.RequestAborted) is not null)
        {
            var hash = OAuth.TokenValues.Hash(id);
            _live.Set(hash, hash);
        }
        else
        {
            await StartAsync(context, sessions, user);
        }

        await next(context);
    }
}
