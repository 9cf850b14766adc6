using System.Text.Json;
using CompatHost.Sdk.Handlers;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Chain;

/// <summary>
/// The 401 and 403 answers in the product's shape (wso2-extensions/identity-carbon-auth-rest,
/// <c>APIErrorResponseHandler</c>): <c>WWW-Authenticate: Bearer realm=&lt;host name&gt;</c> on 401,
/// the SCIM error schema under <c>/scim2</c>, <c>{"code","message","description"}</c> elsewhere.
/// They say nothing about which check failed; that goes to the audit log. SOAP requests get a
/// SOAP fault instead (soap-auth.md).
/// </summary>
public sealed class ChallengeWriter
{
    public const string UnauthorizedDescription = "Authorization failure. Authorization information was invalid or missing from your request.";
    public const string ForbiddenDescription = "Operation is not permitted. You do not have permissions to make this request.";
    private const string ScimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    public Task WriteUnauthorizedAsync(HttpContext context, AuthRequestState state)
    {
        state.Refuse(AuditOutcome.Failure);
        if (state.Chain == HandlerChains.SoapAdmin)
        {
            // The product's admin services answer an unauthenticated call with HTTP 500 and an
            // authentication fault (carbon-kernel AuthenticationHandler); WCF clients expect a fault.
            return SoapFaultWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, "Access Denied. Please login first.");
        }

        // The product's realm is carbon.xml's HostName, written without quotes.
        context.Response.Headers.WWWAuthenticate = "Bearer realm=" + state.Settings.Server.Hostname;
        return WriteJsonAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", UnauthorizedDescription);
    }

    public Task WriteForbiddenAsync(HttpContext context, AuthRequestState state)
    {
        state.Refuse(AuditOutcome.Denied);
        return state.Chain == HandlerChains.SoapAdmin
            ? SoapFaultWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, "Access Denied. Authorization failed.")
            : WriteJsonAsync(context, StatusCodes.Status403Forbidden, "Forbidden", ForbiddenDescription);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string message, string description)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json;charset=UTF-8";
        // The product picks the body by the path without its /t/{tenant} prefix.
        object body = context.Request.Path.StartsWithSegments("/scim2", StringComparison.Ordinal)
            ? new ScimError([ScimErrorSchema], status, description)
            : new CommonError(status, message, description);
        return response.WriteAsync(JsonSerializer.Serialize(body, body.GetType(), ErrorJson.Options));
    }
}

file sealed record ScimError(string[] Schemas, int Status, string Detail);

file sealed record CommonError(int Code, string Message, string Description);

file static class ErrorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
