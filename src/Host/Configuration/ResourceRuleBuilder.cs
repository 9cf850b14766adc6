using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>One access rule's parts as a file wrote them (TOML or identity.xml alike), with where.</summary>
public sealed record RawResourceRule(
    string File,
    string Key,
    int? Line,
    string? Context,
    bool? Secure,
    IReadOnlyList<string>? Methods,
    IReadOnlyList<string>? Permissions,
    IReadOnlyList<string>? Scopes,
    IReadOnlyList<string>? Handlers,
    bool? CrossTenant);

/// <summary>Validates one access rule the way the product will read it, and says where it surprises.</summary>
public static class ResourceRuleBuilder
{
    private static readonly FrozenSet<string> KnownMethods =
        new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.ToFrozenSet();

    /// <summary>A '/' repeated by '*' — a glob's "everything below" written in a language where it is not.</summary>
    private static readonly Regex GlobLooking = new(@"/\*(?!\))", RegexOptions.CultureInvariant);

    public static ResourceRule? Build(RawResourceRule raw, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var entry = new ConfigEntry(raw.File, raw.Key, raw.Line, diagnostics);

        PathPattern? pattern = null;
        var context = raw.Context?.Trim();
        if (string.IsNullOrEmpty(context))
        {
            entry.Fail("context", "expected a Java regular expression matching request paths, such as \"(.*)/scim2/Users(.*)\"");
        }
        else if (!JavaRegex.TryCompile(context, out pattern, out var error))
        {
            entry.Fail("context", $"\"{context}\": {error}");
        }
        else if (GlobLooking.IsMatch(context))
        {
            var prefix = context[..context.IndexOf("/*", StringComparison.Ordinal)];
            entry.Warn("context", $"\"{context}\" is a regular expression, not a glob: it matches \"{prefix}\" followed only by slashes and covers nothing below it; write \"{prefix}(.*)\" to cover the subtree");
        }

        FrozenSet<string>? methodSet = null;
        var methodList = raw.Methods?.Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).ToList() ?? ["ALL"];
        if (!methodList.Contains("ALL"))
        {
            var unknown = methodList.Where(m => !KnownMethods.Contains(m)).ToList();
            if (unknown.Count > 0 || methodList.Count == 0)
            {
                entry.Fail("http_method", $"expected \"all\" or HTTP methods (get, post, put, patch, delete, head, options), found \"{string.Join(",", unknown)}\"");
            }

            methodSet = methodList.ToFrozenSet();
        }

        FrozenSet<string>? handlerSet = null;
        if (raw.Handlers is { Count: > 0 } && !raw.Handlers.Any(h => h.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            // The product does not check these names: one it has no handler for simply never
            // runs. Say so, since a misspelt name silently narrows who can get in.
            var unknown = raw.Handlers.Where(h => !catalog.IsKnownName(h)).ToList();
            if (unknown.Count > 0)
            {
                entry.Warn("allowed_auth_handlers", $"names no handler of this host: {string.Join(", ", unknown)} (known: {string.Join(", ", catalog.All.Where(d => d.HandlerType is not null).Select(d => d.Name).Order())}); those names never authenticate here");
            }

            handlerSet = raw.Handlers.ToFrozenSet(StringComparer.Ordinal);
        }

        return entry.Ok
            ? new ResourceRule(context!, pattern, raw.Secure ?? true, methodSet,
                raw.Permissions?.Where(p => p.Length > 0).ToList() ?? [], raw.Scopes?.Where(s => s.Length > 0).ToList() ?? [],
                handlerSet, raw.CrossTenant ?? false, raw.Line is null ? raw.File : $"{raw.File}:{raw.Line}")
            : null;
    }
}
