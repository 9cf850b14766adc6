using System.Collections.Frozen;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>Validates one access-control rule's raw parts from TOML or identity.xml.</summary>
public static class ResourceRuleBuilder
{
    private static readonly FrozenSet<string> KnownMethods =
        new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.ToFrozenSet();

    public static ResourceRule? Build(
        string file, string key, int? line, string? context, bool? secure, IReadOnlyList<string>? methods,
        IReadOnlyList<string>? permissions, IReadOnlyList<string>? scopes, IReadOnlyList<string>? handlers,
        bool? crossTenant, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var ok = true;
        void Fail(string part, string message)
        {
            diagnostics.Error(new ConfigError(file, key + "." + part, line, message));
            ok = false;
        }

        if (string.IsNullOrWhiteSpace(context) || !context.Trim().StartsWith('/'))
        {
            Fail("context", $"expected a path pattern starting with '/', found \"{context}\"");
        }

        FrozenSet<string>? methodSet = null;
        var methodList = methods?.Select(m => m.Trim().ToUpperInvariant()).ToList() ?? ["ALL"];
        if (!methodList.Contains("ALL"))
        {
            var unknown = methodList.Where(m => !KnownMethods.Contains(m)).ToList();
            if (unknown.Count > 0 || methodList.Count == 0)
            {
                Fail("http_method", $"expected \"all\" or HTTP methods (get, post, put, patch, delete, head, options), found \"{string.Join(",", unknown)}\"");
            }

            methodSet = methodList.ToFrozenSet();
        }

        FrozenSet<string>? handlerSet = null;
        if (handlers is { Count: > 0 } && !handlers.Any(h => h.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            var unknown = handlers.Where(h => !catalog.IsKnownName(h)).ToList();
            if (unknown.Count > 0)
            {
                Fail("allowed_auth_handlers", $"names no known handler: {string.Join(", ", unknown)} (known: {string.Join(", ", catalog.All.Where(d => d.Handler is not null).Select(d => d.Name).Order())})");
            }

            handlerSet = handlers.ToFrozenSet(StringComparer.Ordinal);
        }

        return ok
            ? new ResourceRule(context!.Trim(), secure ?? true, methodSet, permissions ?? [], scopes ?? [], handlerSet,
                crossTenant ?? false, line is null ? file : $"{file}:{line}")
            : null;
    }
}
