using System.Text.Json;
using CompatHost.Handlers.Basic;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Chain;

/// <summary>
/// The 401 and 403 bodies (rest-auth.md: Responses). They say nothing about which check
/// failed; that goes to the audit log. SOAP requests get a SOAP fault instead (soap-auth.md).
/// </summary>
public sealed class ChallengeWriter
{
    public const string Realm = "CompatHost";

    public Task WriteUnauthorizedAsync(HttpContext context, RequestDecision state)
    {
        if (state.Chain == HandlerChains.SoapAdmin)
        {
            // The product's admin services answer an unauthenticated call with HTTP 500 and an
            // authentication fault (carbon-kernel AuthenticationHandler); WCF clients expect a fault.
            state.Refusal = "failure";
            return SoapFaultWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, "Access Denied. Please login first.");
        }

        var schemes = new List<string>();
        foreach (var entry in state.Settings.RestChain.Entries)
        {
            if (!state.Rule.AllowsHandler(entry.Handler.Name))
            {
                continue;
            }

            if (entry.Handler.Name == BasicAuthenticationHandler.HandlerName)
            {
                schemes.Add($"Basic realm=\"{Realm}\"");
            }
            else if (entry.Handler.Name == OAuth.OAuthAuthenticationHandler.HandlerName)
            {
                schemes.Add($"Bearer realm=\"{Realm}\"");
            }
        }

        if (schemes.Count > 0)
        {
            context.Response.Headers.WWWAuthenticate = schemes.ToArray();
        }

        state.Refusal = "failure";
        return WriteJsonAsync(context, StatusCodes.Status401Unauthorized, "AUT-10001", "Unauthorized",
            "The request could not be authenticated.");
    }

    public Task WriteForbiddenAsync(HttpContext context, RequestDecision state)
    {
        state.Refusal = "denied";
        return state.Chain == HandlerChains.SoapAdmin
            ? SoapFaultWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, "Access Denied. Authorization failed.")
            : WriteJsonAsync(context, StatusCodes.Status403Forbidden, "AUT-10003", "Forbidden",
                "The authenticated caller is not permitted to access this resource.");
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string code, string message, string description)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { code, message, description }));
    }
}
