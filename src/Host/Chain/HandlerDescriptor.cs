using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>
/// What the host knows about a handler before config is read: identity, defaults, where it
/// came from, and the names legacy XML files use for it. <see cref="Handler"/> is null for a
/// switch the host knows but that is not a chain handler (the OAuth client authenticator).
/// </summary>
public sealed record HandlerDescriptor(
    string Id,
    string Name,
    int DefaultPriority,
    bool EnabledByDefault,
    HandlerChains Chains,
    IReadOnlyList<string> LegacyNames,
    IAuthenticationHandler? Handler,
    string Origin);
