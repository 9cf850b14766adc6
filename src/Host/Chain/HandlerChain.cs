using System.Collections.Frozen;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>A handler and its configuration, as one step of a chain; a fallback sits at a fixed place, not by priority.</summary>
public sealed record ChainEntry(IAuthenticationHandler Handler, HandlerConfiguration Configuration, bool IsFallback = false);

/// <summary>
/// The enabled handlers of one chain, sorted once per config load; the per-request walk only
/// reads this array. REST handlers run lowest priority first (the product's handler
/// comparator over orderId). Admin authenticators run highest priority first: Carbon's
/// back-end AuthenticatorComparator (carbon-kernel, org.wso2.carbon.server.admin.auth) orders
/// by <c>o2.getPriority() - o1.getPriority()</c>, and the first that can handle decides. Ties
/// break by name so the order is deterministic. The admin chain ends with its fixed fallbacks
/// (session cookie, then HTTP Basic; soap-auth.md).
/// </summary>
public sealed class HandlerChain
{
    private HandlerChain(HandlerChains kind, ChainEntry[] entries)
    {
        Kind = kind;
        Entries = entries;
    }

    public HandlerChains Kind { get; }

    public ChainEntry[] Entries { get; }

    /// <summary>
    /// The chain's order from config alone, as descriptors: what <c>check</c> prints and what
    /// <see cref="Build"/> fills with the constructed handlers.
    /// </summary>
    public static IReadOnlyList<(HandlerDescriptor Descriptor, HandlerConfiguration Configuration, bool IsFallback)> Plan(
        HandlerChains kind, HandlerCatalog catalog, FrozenDictionary<string, HandlerConfiguration> configurations)
    {
        var enabled = catalog.All
            .Where(d => d.HandlerType is not null && d.Chains.HasFlag(kind))
            .Select(d => (Descriptor: d, Configuration: configurations[d.Id], IsFallback: false))
            .Where(e => e.Configuration.Enabled);
        var ordered = kind == HandlerChains.SoapAdmin
            ? enabled.OrderByDescending(e => e.Configuration.Priority)
            : enabled.OrderBy(e => e.Configuration.Priority);
        var fallbacks = kind == HandlerChains.SoapAdmin
            ? catalog.AdminFallbacks.Select(d => (Descriptor: d, Configuration: new HandlerConfiguration(
                d.Id, int.MinValue, true, SettingSource.Default, SettingSource.Default, FrozenDictionary<string, string>.Empty), IsFallback: true))
            : [];
        return [.. ordered.ThenBy(e => e.Descriptor.Name, StringComparer.Ordinal), .. fallbacks];
    }

    /// <param name="handlers">The constructed handler for a descriptor; null for one that could not be built (left out).</param>
    public static HandlerChain Build(HandlerChains kind, HandlerCatalog catalog, FrozenDictionary<string, HandlerConfiguration> configurations,
        Func<HandlerDescriptor, IAuthenticationHandler?> handlers) =>
        new(kind, [.. Plan(kind, catalog, configurations)
            .Select(p => handlers(p.Descriptor) is { } handler ? new ChainEntry(handler, p.Configuration, p.IsFallback) : null)
            .OfType<ChainEntry>()]);

    /// <summary>
    /// Walks the chain: the first handler that can handle the request decides, and its failure
    /// is final (no fall-through). Handlers the resource's rule does not allow are skipped (the
    /// rule itself, not a delegate over it: a method-group delegate cost an allocation per request).
    /// </summary>
    public async ValueTask<ChainDecision> DecideAsync(
        AuthenticationRequest request, Access.ResourceRule rule, CancellationToken cancellationToken)
    {
        foreach (var entry in Entries)
        {
            if (!rule.AllowsHandler(entry.Handler.Name) || !await CanHandleAsync(entry, request, cancellationToken))
            {
                continue;
            }

            var result = await entry.Handler.AuthenticateAsync(request, entry.Configuration, cancellationToken);
            return new ChainDecision(entry.Handler, result);
        }

        return ChainDecision.NoHandler;
    }

    /// <summary>Contract 1.2 handlers whose test needs I/O are awaited; others answer synchronously.</summary>
    public static ValueTask<bool> CanHandleAsync(ChainEntry entry, AuthenticationRequest request, CancellationToken cancellationToken) =>
        entry.Handler is IAsyncCanHandle probe
            ? probe.CanHandleAsync(request, entry.Configuration, cancellationToken)
            : ValueTask.FromResult(entry.Handler.CanHandle(request, entry.Configuration));
}

/// <summary>The deciding handler (null when none could handle) and its result.</summary>
public readonly record struct ChainDecision(IAuthenticationHandler? Handler, HandlerResult Result)
{
    public static readonly ChainDecision NoHandler = new(null, HandlerResult.Failure("no handler could handle the request"));
}
