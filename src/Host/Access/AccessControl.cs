using System.Text.RegularExpressions;

namespace CompatHost.Host.Access;

/// <summary>
/// The access rules in force, in the order they are tried, and what happens when none matches
/// (the product's <c>&lt;ResourceAccessControl default-access&gt;</c>).
/// </summary>
public sealed record AccessControl(IReadOnlyList<ResourceRule> Rules, bool DefaultDeny)
{
    /// <summary>
    /// The product refuses a request URI with dot segments, ';' in a segment or an encoded dot
    /// before it looks for a rule (<c>AuthenticationValve.validateRequestURI</c>, its
    /// URL_PATH_FILTER_REGEX): such a path could match one rule while naming another resource.
    /// </summary>
    private static readonly Regex UnnormalizedPath = JavaRegex.TryCompile(@"(.*)/((\.+)|(.*;+.*)|%2e.*)/(.*)", out var regex, out _)
        ? regex!
        : throw new InvalidOperationException("the product's URL filter no longer compiles");

    /// <summary>
    /// The rule for a request. <paramref name="rawTarget"/> is the path as the client sent it
    /// and <paramref name="path"/> the decoded one, tenant prefix included, as the product
    /// matches contexts against its whole normalised request URI.
    /// </summary>
    public ResourceRule RuleFor(string rawTarget, string path, string method)
    {
        try
        {
            if (UnnormalizedPath.IsMatch(rawTarget) || UnnormalizedPath.IsMatch(path))
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
            // Fail closed: a rule that cannot say whether it matches must not let the request
            // reach a later, possibly more open rule.
            return ResourceRule.Refused($"access-rule context \"{ex.Pattern}\" timed out on this path");
        }

        return DefaultDeny ? ResourceRule.DeniedByDefault : ResourceRule.SecuredByDefault;
    }
}
