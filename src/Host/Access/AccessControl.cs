using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// The access rules in force, in the order they are tried, and what happens when none matches
/// (the product's <c>&lt;ResourceAccessControl default-access&gt;</c>).
/// </summary>
/// <remarks>A class, not a record: the memo belongs to exactly one set of rules, so no copy may share it.</remarks>
public sealed class AccessControl(IReadOnlyList<ResourceRule> rules, bool defaultDeny)
{
    public IReadOnlyList<ResourceRule> Rules { get; } = rules;

    public bool DefaultDeny { get; } = defaultDeny;

    /// <summary>Bounds the memo of recent lookups; past it the memo starts afresh.</summary>
    public const int MemoCapacity = 8192;

    // A product identity.xml holds ~320 rules: walking them costs tens of microseconds per
    // request, a memo lookup well under one. The walk is a pure function of its inputs within
    // one snapshot (a reload builds a new AccessControl), so remembering it changes no decision;
    // refusals for a timed-out pattern are not remembered.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Raw, string Path, string Method), ResourceRule> _memo = new();

    /// <summary>The product's URL filter (<c>AuthenticationValve</c>'s URL_PATH_FILTER_REGEX), as a context it reads.</summary>
    internal const string UrlPathFilter = @"(.*)/((\.+)|(.*;+.*)|%2e.*)/(.*)";

    /// <summary>
    /// The product refuses a request URI with dot segments, ';' in a segment or an encoded dot
    /// before it looks for a rule (<c>AuthenticationValve.validateRequestURI</c>, matching
    /// <see cref="UrlPathFilter"/> against the whole URI, ignoring case): such a path could
    /// match one rule while naming another resource. Decided here in one pass as that
    /// expression decides it (a differential test holds them together) instead of by a
    /// linear-time Regex, whose engine cost ~160 jitted methods (~21 ms) at a cold start's first request.
    /// Between some two slashes there is: a segment of dots only; a ';' (anywhere between the
    /// first slash and the last); or text starting with "%2e". '.' takes any character but a
    /// line feed, so a path with one matches nothing.
    /// </summary>
    internal static bool IsUnnormalized(ReadOnlySpan<char> path)
    {
        var first = path.IndexOf('/');
        var last = path.LastIndexOf('/');
        if (first == last || path.Contains('\n'))
        {
            return false;
        }

        if (path[first..last].Contains(';'))
        {
            return true;
        }

        for (var slash = first; slash < last;)
        {
            var length = path[(slash + 1)..].IndexOf('/');
            var segment = path.Slice(slash + 1, length);
            if ((segment.Length > 0 && !segment.ContainsAnyExcept('.')) || segment.StartsWith("%2e", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            slash += length + 1;
        }

        return false;
    }

    /// <summary>
    /// The rule for a request. <paramref name="rawTarget"/> is the request target as the client
    /// sent it (a query string is ignored) and <paramref name="path"/> the decoded path, tenant
    /// prefix included, as the product matches contexts against its whole normalised request URI.
    /// </summary>
    public ResourceRule RuleFor(string rawTarget, string path, string method)
    {
        // The product matches the request URI, which has no query string.
        var query = rawTarget.IndexOf('?');
        rawTarget = query < 0 ? rawTarget : rawTarget[..query];
        var key = (rawTarget, path, method);
        if (_memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var rule = Walk(rawTarget, path, method, out var timedOut);
        if (!timedOut)
        {
            if (_memo.Count >= MemoCapacity)
            {
                _memo.Clear();
            }

            _memo[key] = rule;
        }

        return rule;
    }

    private ResourceRule Walk(string rawTarget, string path, string method, out bool timedOut)
    {
        timedOut = false;
        try
        {
            if (IsUnnormalized(rawTarget) || IsUnnormalized(path))
            {
                return ResourceRule.Refused("request path has dot segments, ';' or an encoded dot");
            }

            foreach (var rule in Rules)
            {
                if (rule.Matches(path, method))
                {
                    return rule;
                }
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            timedOut = true;
            // Fail closed: a rule that cannot say whether it matches must not let the request
            // reach a later, possibly more open rule.
            return ResourceRule.Refused($"access-rule context \"{ex.Pattern}\" timed out on this path");
        }

        return DefaultDeny ? ResourceRule.DeniedByDefault : ResourceRule.SecuredByDefault;
    }
}
