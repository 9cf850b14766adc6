using System.ServiceModel.Channels;
using System.Xml;
using CompatHost.Host.Access;
using CompatHost.Host.Soap.AuthenticationAdmin;
using CompatHost.Host.Soap.AuthorizationManager;
using CompatHost.Host.Soap.OAuthAdmin;
using CompatHost.Host.Soap.TenantMgtAdmin;
using CompatHost.Host.Soap.UserStoreManager;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoapCore;

namespace CompatHost.Host.Soap;

/// <summary>
/// Serves the admin services with SoapCore at the product's addresses: <c>/services/Name</c>
/// (SOAP 1.1 and 1.2), and the endpoint names generated clients carry,
/// <c>Name.NameHttpsSoap11Endpoint</c> and <c>Name.NameHttpsSoap12Endpoint</c>. Every endpoint
/// asks for the access-rule policy and declares <see cref="EndpointAccess.PerOperation"/>;
/// <see cref="SoapAccessRules"/> says which calls need no user.
/// </summary>
public static class AdminServiceEndpoints
{
    public static void AddAdminServices(this IServiceCollection services)
    {
        services.AddSoapCore();
        services.AddScoped<AdminCall>();
        services.AddSingleton<SoapCore.Extensibility.IServiceOperationTuner, AdminCallTuner>();
        services.AddScoped<AdminOperationGuard>();
        services.AddScoped<RemoteUserStoreManagerService>();
        services.AddScoped<AuthenticationAdminService>();
        services.AddScoped<OAuthAdminService>();
        services.AddScoped<RemoteAuthorizationManagerService>();
        services.AddScoped<TenantMgtAdminService>();
    }

    /// <summary>The services the host ships, by the product's names.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["RemoteUserStoreManagerService", "AuthenticationAdmin", "OAuthAdminService", "RemoteAuthorizationManagerService", "TenantMgtAdminService"];

    public static void MapAdminServices(this IEndpointRouteBuilder app)
    {
        Map<RemoteUserStoreManagerService>(app, ServiceNames[0], IRemoteUserStoreManagerService.Ns);
        Map<AuthenticationAdminService>(app, ServiceNames[1], IAuthenticationAdmin.Ns);
        Map<OAuthAdminService>(app, ServiceNames[2], IOAuthAdminService.Ns);
        Map<RemoteAuthorizationManagerService>(app, ServiceNames[3], UserStoreManager.IRemoteUserStoreManagerService.Ns);
        Map<TenantMgtAdminService>(app, ServiceNames[4], ITenantMgtAdminService.Ns);
    }

    private static void Map<TService>(IEndpointRouteBuilder app, string name, string ns)
    {
        // Fails the start when an operation declares no permission (AdminPermissions).
        foreach (var contract in typeof(TService).GetInterfaces())
        {
            AdminPermissions.Of(contract);
        }

        var soap11 = new SoapEncoderOptions { MessageVersion = MessageVersion.Soap11, ReaderQuotas = Quotas() };
        var soap12 = new SoapEncoderOptions { MessageVersion = MessageVersion.CreateVersion(System.ServiceModel.EnvelopeVersion.Soap12, AddressingVersion.None), ReaderQuotas = Quotas() };
        // A group, so the endpoints SoapCore adds beside each address ($metadata, mex, {methodName})
        // carry the same declaration as the address itself.
        var service = app.MapGroup("").WithAccess(EndpointAccess.PerOperation);
        var logger = app.ServiceProvider.GetRequiredService<ILogger<SoapEndpointMiddleware<CustomMessage>>>();
        var prefixes = new XmlNamespaceManager(new NameTable());
        prefixes.AddNamespace("ns", ns);
        // Axis2 picks the envelope version from the message, not from the endpoint name, so every
        // address takes both: node's soap, for one, posts SOAP 1.1 to the WSDL's last (Soap12) port.
        foreach (var path in new[] { $"/services/{name}", $"/services/{name}.{name}HttpsSoap11Endpoint", $"/services/{name}.{name}HttpsSoap12Endpoint" })
        {
            var options = SoapOptions.FromSoapCoreOptions(new SoapCoreOptions
            {
                Path = path,
                EncoderOptions = [soap11, soap12],
                SoapSerializer = SoapSerializer.XmlSerializer,
                CaseInsensitivePath = true,
                HttpGetEnabled = false,
                // ?wsdl is AdminServiceWsdl's: SoapCore's generated document is not a faithful one.
                HttpsGetEnabled = false,
                HttpPostEnabled = false,
                HttpsPostEnabled = true,
                OmitXmlDeclaration = false,
                // Axis2 writes the envelope on one line (SOAPMessageFormatter.writeTo serializes
                // it with AXIOM, which does not indent); SoapCore indents unless told not to.
                IndentXml = false,
                // The product's responses use the "ns" prefix for the service namespace; field
                // scripts grep for <ns:return>.
                XmlNamespacePrefixOverrides = prefixes,
                AdditionalEnvelopeXmlnsAttributes = new Dictionary<string, string> { ["ns"] = ns },
            }, typeof(TService));
            // The routes SoapCore's UseSoapEndpoint(IEndpointRouteBuilder, Type, ...) maps, to one
            // middleware called directly. UseSoapEndpoint wraps it in a one-middleware pipeline
            // whose binder compiles a LINQ expression per address for Invoke's IServiceProvider
            // parameter: 15 compilations at every start, and System.Linq.Expressions' 2.3 MiB of
            // code resident for nothing else.
            var middleware = new SoapEndpointMiddleware<CustomMessage>(logger, PathNotServed, options, app.ServiceProvider);
            RequestDelegate serve = context => middleware.Invoke(context, context.RequestServices);
            service.Map(path + "/$metadata", serve);
            service.Map(path + "/mex", serve);
            service.Map(path + "/{methodName}", serve);
            service.Map(path, serve).WithDisplayName("SoapCore");
        }
    }

    // SoapCore's middleware passes on a request whose path is not under its own; every route
    // above is, so this answers only a request the routes and the middleware disagree on.
    private static Task PathNotServed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static XmlDictionaryReaderQuotas Quotas() => new()
    {
        MaxDepth = 32,
        MaxStringContentLength = SoapEnvelopeReader.MaxEnvelopeBytes,
        MaxArrayLength = 16 * 1024,
        MaxNameTableCharCount = 16 * 1024,
        MaxBytesPerRead = 4096,
    };
}
