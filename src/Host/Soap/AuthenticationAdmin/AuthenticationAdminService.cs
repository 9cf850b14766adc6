using CompatHost.Host.Chain;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CompatHost.Host.Soap.AuthenticationAdmin;

/// <summary>
/// <c>login</c> checks the password (the same verification Basic uses) and sets the session
/// cookie; a wrong password answers false, as the product does. <c>logout</c> ends the session.
/// </summary>
public sealed class AuthenticationAdminService(AdminCall call, IUserDirectory users, IAdminSessions sessions)
    : IAuthenticationAdmin
{
    public async Task<bool> Login(string username, string password, string remoteAddress)
    {
        var http = call.Http;
        var state = http.Features.GetRequiredFeature<AuthRequestState>();
        state.Operation = "login";
        if (!QualifiedUserName.TryParse(username, out var user)
            || !await users.VerifyPasswordAsync(user, password ?? "", http.RequestAborted)
            || await users.FindAsync(user, http.RequestAborted) is not { } account
            || !account.HasPermission(AdminPermissions.For<IAuthenticationAdmin>("login")))
        {
            state.Deny($"login refused for '{username}'");
            return false;
        }

        await AdminSessionMiddleware.StartAsync(http, sessions, account.UserName);
        state.LoggedInUser = account.UserName;
        return true;
    }

    public async Task Logout()
    {
        var http = call.Http;
        http.Features.GetRequiredFeature<AuthRequestState>().Operation = "logout";
        if (http.Request.Cookies.TryGetValue(IAdminSessions.CookieName, out var id))
        {
            await sessions.EndAsync(id, http.RequestAborted);
            http.Response.Cookies.Delete(IAdminSessions.CookieName);
        }
    }
}
