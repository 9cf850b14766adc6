using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// One <c>[[resource.access_control]]</c> entry (rest-auth.md: Access control). Rules are tried
/// in file order; the first matching path and method wins.
/// </summary>
public sealed record ResourceRule(
    string Context,
    bool Secure,
    FrozenSet<string>? Methods,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> Scopes,
    FrozenSet<string>? AllowedHandlers,
    bool CrossTenant,
    string Origin)
{
    private readonly Regex _pattern = Compile(Context);

    /// <summary>The rule that applies when none is configured: secured, no permission needed.</summary>
    public static readonly ResourceRule SecuredByDefault =
        new("(any)", true, null, [], [], null, false, "default: every resource is secured");

    public bool Matches(string path, string method) =>
        (Methods is null || Methods.Contains(method)) && _pattern.IsMatch(path);

    /// <summary>Null allowed-handler set means every handler may decide.</summary>
    public bool AllowsHandler(string name) => AllowedHandlers is null || AllowedHandlers.Contains(name);

    /// <summary>
    /// <c>*</c> matches within one segment; a trailing <c>/*</c> or <c>(.*)</c> matches the path
    /// itself and everything below it.
    /// </summary>
    private static Regex Compile(string context)
    {
        var pattern = context.Trim();
        var subtree = false;
        foreach (var suffix in new[] { "(.*)", "/*" })
        {
            if (pattern.EndsWith(suffix, StringComparison.Ordinal))
            {
                pattern = pattern[..^suffix.Length];
                subtree = true;
                break;
            }
        }

        var body = string.Join("[^/]*", pattern.TrimEnd('/').Split('*').Select(Regex.Escape));
        var tail = subtree ? "(/.*)?" : "/?";
        return new Regex("^" + body + tail + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
    }
}
