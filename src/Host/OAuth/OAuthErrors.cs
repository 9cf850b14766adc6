using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>RFC 6749 §5.2 error responses: JSON, no caching, never a 500.</summary>
public static class OAuthErrors
{
    public static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    /// <summary>
    /// The form every OAuth endpoint reads (RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1), or null
    /// with <paramref name="refusal"/> set when the request is not one.
    /// </summary>
    public static async Task<(IFormCollection? Form, IResult? Refusal)> ReadFormAsync(HttpContext context) =>
        context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted), null)
            : (null, Error("invalid_request", "The request must be application/x-www-form-urlencoded."));

    public static IResult InvalidClient(HttpContext context, string description = "Client authentication failed.")
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"CompatHost\"";
        return Error("invalid_client", description, StatusCodes.Status401Unauthorized);
    }
}
