using Microsoft.AspNetCore.Builder;

namespace CompatHost.Host.Access;

/// <summary>Declares an endpoint's (or a group's) <see cref="EndpointAccess"/> where it is mapped.</summary>
public static class EndpointAccessExtensions
{
    /// <summary>The product's rules for what this endpoint serves (<see cref="BuiltInRules"/>), tried in the order given.</summary>
    public static TBuilder WithAccess<TBuilder>(this TBuilder builder, params ResourceRule[] rules)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithAccess(new EndpointAccess(rules));

    public static TBuilder WithAccess<TBuilder>(this TBuilder builder, EndpointAccess access)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(access);
}
