using Microsoft.AspNetCore.Http;
using SoapCore.Extensibility;
using SoapCore.ServiceModel;

namespace CompatHost.Host.Soap;

/// <summary>
/// The HTTP request an admin-service operation runs for, per request scope. Filled by
/// <see cref="AdminCallTuner"/> before SoapCore invokes the operation, in place of
/// <c>IHttpContextAccessor</c>: registering the accessor sets an async-local on every request
/// the host serves, REST included, and every await after it then restores that context.
/// </summary>
public sealed class AdminCall
{
    private HttpContext? _http;

    public HttpContext Http => _http ?? throw new InvalidOperationException("not within an admin-service operation");

    /// <summary>The request's cancellation; none outside an operation (a service method called directly).</summary>
    public CancellationToken RequestAborted => _http?.RequestAborted ?? CancellationToken.None;

    internal void Begin(HttpContext http) => _http = http;
}

/// <summary>SoapCore's hook before each operation: hands the request to the scope's <see cref="AdminCall"/>.</summary>
internal sealed class AdminCallTuner : IServiceOperationTuner
{
    public void Tune(HttpContext httpContext, object serviceInstance, OperationDescription operation) =>
        httpContext.RequestServices.GetRequiredService<AdminCall>().Begin(httpContext);
}
