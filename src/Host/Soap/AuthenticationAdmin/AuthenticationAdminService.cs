using CompatHost.Authenticators.Session;
using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Sdk.Identity;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Soap.AuthenticationAdmin;

/// <summary>
/// <c>login</c> checks the password (the same verification Basic uses) and sets the session
/// cookie; a wrong password answers false, as the product does. <c>logout</c> ends the session.
/// </summary>
public sealed class AuthenticationAdminService(IHttpContextAccessor accessor, IUserDirectory users, IAdminSessions sessions, SettingsStore store)
    : IAuthenticationAdmin
{
    public bool Login(string username, string password, string remoteAddress)
    {
        var http = accessor.HttpContext!;
        var state = http.GetDecision(store);
        state.Operation = "login";
        if (!QualifiedUserName.TryParse(username, out var user)
            || !users.VerifyPasswordAsync(user, password ?? "", http.RequestAborted).AsTask().GetAwaiter().GetResult()
            || users.FindAsync(user, http.RequestAborted).AsTask().GetAwaiter().GetResult() is not { } account
            || !account.HasPermission(AdminPermissions.For<IAuthenticationAdmin>("login")))
        {
            state.DenialReason = $"login refused for '{username}'";
            return false;
        }

        AdminSessionMiddleware.Start(http, sessions, account.UserName);
        state.LoggedInUser = account.UserName;
        return true;
    }

    public void Logout()
    {
        var http = accessor.HttpContext!;
        http.GetDecision(store).Operation = "logout";
        if (http.Request.Cookies.TryGetValue(AdminSessionAuthenticator.CookieName, out var id))
        {
            sessions.End(id);
            http.Response.Cookies.Delete(AdminSessionAuthenticator.CookieName);
        }
    }
}
