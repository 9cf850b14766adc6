using System.Collections.Frozen;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>A handler and its configuration, as one step of a chain.</summary>
public sealed record ChainEntry(IAuthenticationHandler Handler, HandlerConfiguration Configuration);

/// <summary>
/// The enabled handlers of one chain, sorted once per config load: priority ascending (the
/// product's orderId; lower runs first), ties by name so the order is deterministic. The
/// per-request walk only reads this array.
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

    public static HandlerChain Build(HandlerChains kind, HandlerCatalog catalog, FrozenDictionary<string, HandlerConfiguration> configurations) =>
        new(kind, catalog.All
            .Where(d => d.Handler is not null && d.Chains.HasFlag(kind))
            .Select(d => new ChainEntry(d.Handler!, configurations[d.Id]))
            .Where(e => e.Configuration.Enabled)
            .OrderBy(e => e.Configuration.Priority)
            .ThenBy(e => e.Handler.Name, StringComparer.Ordinal)
            .ToArray());

    /// <summary>
    /// Walks the chain: the first handler that can handle the request decides, and its failure
    /// is final (no fall-through). Handlers the resource does not allow are skipped.
    /// </summary>
    public async ValueTask<ChainDecision> DecideAsync(
        AuthenticationRequest request, Func<string, bool> allowsHandler, CancellationToken cancellationToken)
    {
        foreach (var entry in Entries)
        {
            if (!allowsHandler(entry.Handler.Name) || !entry.Handler.CanHandle(request, entry.Configuration))
            {
                continue;
            }

            var result = await entry.Handler.AuthenticateAsync(request, entry.Configuration, cancellationToken);
            return new ChainDecision(entry.Handler, result);
        }

        return ChainDecision.NoHandler;
    }
}

/// <summary>The deciding handler (null when none could handle) and its result.</summary>
public readonly record struct ChainDecision(IAuthenticationHandler? Handler, HandlerResult Result)
{
    public static readonly ChainDecision NoHandler = new(null, HandlerResult.Failure("no handler could handle the request"));
}
