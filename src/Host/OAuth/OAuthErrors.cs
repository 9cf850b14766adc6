using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.OAuth;

/// <summary>RFC 6749 §5.2 error responses: JSON, no caching, never a 500.</summary>
public static class OAuthErrors
{
    public static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    public static IResult InvalidClient(HttpContext context, string description = "Client authentication failed.")
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"CompatHost\"";
        return Error("invalid_client", description, StatusCodes.Status401Unauthorized);
    }
}
