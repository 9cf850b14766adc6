using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Access;

/// <summary>
/// Admin services need an authenticated user, except what must work before one exists:
/// <c>AuthenticationAdmin</c> (login decides by itself) and fetching a WSDL.
/// </summary>
public static class SoapAccessRules
{
    private static readonly ResourceRule Open = new("/services (login, ?wsdl)", null, false, null, [], [], null, false, "built-in default");

    public static ResourceRule For(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var wsdl = HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("wsdl");
        return wsdl || path.StartsWith("/services/AuthenticationAdmin", StringComparison.OrdinalIgnoreCase)
            ? Open
            : ResourceRule.SecuredByDefault;
    }
}
