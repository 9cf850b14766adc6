using CompatHost.Host.Access;
using CompatHost.Host.Rest;

namespace CompatHost.Host.Configuration;

/// <summary>
/// The built-in rules for the endpoints this host serves, tried after the operator's rules:
/// what each REST endpoint declares where it is mapped (<see cref="EndpointAccess"/>), read
/// once from the endpoints themselves. An endpoint that declares nothing stops the host here,
/// at the first settings load.
/// </summary>
public static class DefaultAccessRules
{
    // Lazy, not a static initializer: the startup error then surfaces as itself, not wrapped in
    // a TypeInitializationException.
    private static readonly Lazy<IReadOnlyList<ResourceRule>> Generated = new(() => EndpointAccessRules.From(RestEndpoints.Describe()));

    public static IReadOnlyList<ResourceRule> All => Generated.Value;
}
