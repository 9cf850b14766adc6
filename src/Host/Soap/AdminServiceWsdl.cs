using System.Security;
using CompatHost.Host.Configuration;
using Microsoft.AspNetCore.Http;

namespace CompatHost.Host.Soap;

/// <summary>
/// <c>GET /services/Name?wsdl</c> (also on the generated endpoint names): the WSDL written for
/// each service (<c>Soap/Wsdl/*.wsdl</c>), with the addresses of the host it was asked from.
/// Hidden unless the operator shows it, as the product does: carbon-kernel's
/// <c>AbstractWsdlProcessor</c> answers 403 for an admin service while
/// <c>HideAdminServiceWSDLs</c> is true, which <c>carbon.xml.j2</c> renders unless
/// <c>[admin_service.wsdl] enable = true</c>.
/// </summary>
public sealed class AdminServiceWsdl(RequestDelegate next, SettingsStore store)
{
    private static readonly Dictionary<string, string> Documents = AdminServiceEndpoints.ServiceNames
        .ToDictionary(name => name, Load, StringComparer.OrdinalIgnoreCase);

    public static string Document(string service) => Documents[service];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Query.ContainsKey("wsdl") || ServiceOf(request.Path) is not { } service)
        {
            return next(context);
        }

        if (!store.Current.AdminService.WsdlEnabled)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"Access to service metadata for service: {service} has been forbidden");
        }

        // The product prints the addresses of the request's host, so a client generated from the
        // WSDL calls back where it fetched it.
        var origin = SecurityElement.Escape($"{request.Scheme}://{request.Host}{request.PathBase}");
        context.Response.ContentType = "text/xml; charset=utf-8";
        return context.Response.WriteAsync(Documents[service].Replace("{base}", origin, StringComparison.Ordinal));
    }

    /// <summary>The service a path names: <c>/services/Name</c> or <c>/services/Name.NameHttpsSoap1xEndpoint[/]</c>.</summary>
    private static string? ServiceOf(PathString path)
    {
        if (!path.StartsWithSegments("/services", StringComparison.OrdinalIgnoreCase, out var rest) || rest.Value is not { Length: > 1 } tail)
        {
            return null;
        }

        var name = tail[1..].TrimEnd('/');
        var dot = name.IndexOf('.');
        if (dot >= 0)
        {
            var endpoint = name[(dot + 1)..];
            name = name[..dot];
            if (!string.Equals(endpoint, name + "HttpsSoap11Endpoint", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(endpoint, name + "HttpsSoap12Endpoint", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return Documents.ContainsKey(name) ? Documents.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) : null;
    }

    private static string Load(string service)
    {
        using var stream = typeof(AdminServiceWsdl).Assembly.GetManifestResourceStream($"CompatHost.Host.Soap.Wsdl.{service}.wsdl")
            ?? throw new InvalidOperationException($"The WSDL of {service} is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    }
}
