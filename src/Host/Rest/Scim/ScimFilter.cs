using System.Text.RegularExpressions;

namespace CompatHost.Host.Rest.Scim;

/// <summary>
/// The SCIM filters the host answers: <c>userName eq "x"</c> (and <c>sw</c>/<c>co</c>), which is
/// what the product's clients send. Anything else is a 400 <c>invalidFilter</c>, not a full list.
/// </summary>
public static partial class ScimFilter
{
    [GeneratedRegex("""^\s*(?<attr>userName|displayName)\s+(?<op>eq|sw|co)\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase, 100)]
    private static partial Regex Pattern();

    /// <summary>The store wildcard for the filter ("*" for none); false when the filter is not supported.</summary>
    public static bool TryParse(string? filter, string attribute, out string wildcard)
    {
        wildcard = "*";
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        var match = Pattern().Match(filter);
        if (!match.Success || !match.Groups["attr"].Value.Equals(attribute, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = Regex.Unescape(match.Groups["value"].Value).Replace("*", "");
        wildcard = match.Groups["op"].Value.ToLowerInvariant() switch
        {
            "eq" => value,
            "sw" => value + "*",
            _ => "*" + value + "*",
        };
        return true;
    }
}
