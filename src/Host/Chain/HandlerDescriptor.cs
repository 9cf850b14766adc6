using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>
/// What the host knows about a handler before config is read and before any store is open:
/// identity, defaults, where it came from, the names legacy XML files use for it, and the type
/// the composition root constructs. <see cref="HandlerType"/> is null for a switch the host
/// knows but that is not a chain handler (the OAuth client authenticator).
/// </summary>
public sealed record HandlerDescriptor(
    string Id,
    string Name,
    int DefaultPriority,
    bool EnabledByDefault,
    HandlerChains Chains,
    IReadOnlyList<string> LegacyNames,
    Type? HandlerType,
    string Origin);
