using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Host.Access;

/// <summary>
/// Reads the <see cref="EndpointAccess"/> the mapped endpoints declare: refuses to start when
/// one declares none, and turns the declarations into the built-in default rules.
/// </summary>
public static class EndpointAccessRules
{
    /// <summary>CORS preflights carry no credentials; the product leaves OPTIONS on every path open. Tried before any endpoint's rule.</summary>
    private static readonly ResourceRule Preflight = BuiltInRules.Unsecured("(.*)", "OPTIONS");

    /// <summary>The rules the endpoints declare, in the order they are mapped, after the preflight rule.</summary>
    public static IReadOnlyList<ResourceRule> From(IReadOnlyList<Endpoint> endpoints)
    {
        RequireDeclared(endpoints);
        return [Preflight, .. endpoints.SelectMany(e => e.Metadata.GetOrderedMetadata<EndpointAccess>()).SelectMany(a => a.Rules).Distinct()];
    }

    /// <summary>Throws naming every endpoint that declares no <see cref="EndpointAccess"/>.</summary>
    public static void RequireDeclared(IEnumerable<Endpoint> endpoints)
    {
        var missing = endpoints.Where(e => e.Metadata.GetMetadata<EndpointAccess>() is null)
            .Select(e => (e as RouteEndpoint)?.RoutePattern.RawText ?? e.DisplayName ?? "(unnamed endpoint)")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Endpoint(s) {string.Join(", ", missing)} declare no access; every mapped endpoint must say who may call it (.WithAccess(...), or BuiltInRules.Unsecured for an open one).");
        }
    }

    /// <summary>
    /// The endpoints <paramref name="map"/> creates, mapped on a route builder of their own: the
    /// settings (and so the rules) are read, and re-read on reload, before and without the web
    /// app. The endpoints are listed for their metadata and never invoked, so every parameter a
    /// handler takes that is not bound from the request counts as a service.
    /// </summary>
    public static IReadOnlyList<Endpoint> Describe(Action<IServiceCollection> services, Action<IEndpointRouteBuilder> map)
    {
        var collection = new ServiceCollection().AddLogging().AddRouting();
        services(collection);
        using var provider = collection.BuildServiceProvider();
        var routes = new DescribingRouteBuilder(new DescribingServices(provider));
        map(routes);
        return [.. routes.DataSources.SelectMany(d => d.Endpoints)];
    }
}

file sealed class DescribingServices(IServiceProvider inner) : IServiceProvider, IServiceProviderIsService
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IServiceProviderIsService) ? this : inner.GetService(serviceType);

    public bool IsService(Type serviceType) => true;
}

file sealed class DescribingRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider => services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
}
