using System.Collections.Frozen;
using System.Text.Json;
using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>
/// Internal scopes and their permissions, read from the embedded <c>internal-scopes.json</c>.
/// A token gets the requested scopes the user's permissions allow; others are dropped, not an
/// error. <c>SYSTEM</c> asks for every internal scope the user may have (oauth.md: Scopes).
/// </summary>
public static class InternalScopes
{
    public const string System = "SYSTEM";

    public static FrozenDictionary<string, string> Permissions { get; } = Load();

    public static IReadOnlyList<string> Grant(UserAccount? user, IEnumerable<string> requested)
    {
        var granted = new List<string>();
        foreach (var scope in requested.Distinct(StringComparer.Ordinal))
        {
            if (scope == System)
            {
                granted.AddRange(Permissions.Where(p => user is not null && user.HasPermission(p.Value)).Select(p => p.Key));
            }
            else if (Permissions.TryGetValue(scope, out var permission))
            {
                if (user is not null && user.HasPermission(permission))
                {
                    granted.Add(scope);
                }
            }
            else
            {
                // Scopes that are not internal carry no permission: an application's own scopes pass through.
                granted.Add(scope);
            }
        }

        return granted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(InternalScopes).Assembly.GetManifestResourceStream("CompatHost.Host.OAuth.internal-scopes.json")
            ?? throw new InvalidOperationException("internal-scopes.json is not embedded");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('_'))
            .ToFrozenDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }
}
