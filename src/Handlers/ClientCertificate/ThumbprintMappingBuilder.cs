using System.Text.RegularExpressions;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Handlers.ClientCertificate;

/// <summary>One advisory mapping's parts as a file wrote them (TOML or identity.xml alike), with where.</summary>
internal sealed record RawThumbprintMapping(string File, string Key, int? Line, string? Issuer, string? Thumbprint, IReadOnlyList<string>? Users);

/// <summary>
/// Turns a mapping's raw texts into a validated <see cref="ThumbprintMapping"/> with the
/// product's defaults (<c>AuthConfigurationUtil</c> in identity-carbon-auth-rest: a mapping
/// with no or <c>*</c> trusted issuer is skipped; a missing thumbprint or user list means
/// <c>*</c>). Every wildcard grant, written or defaulted, and every value that only matches
/// because this host is more lenient than the product, is a warning naming the line.
/// </summary>
internal static class ThumbprintMappingBuilder
{
    /// <summary>Attribute names the product's DN comparison does not know as these (Java prints EMAILADDRESS and ST).</summary>
    private static readonly Regex AliasAttribute = new(@"(^|[,;+])\s*(E|EMAIL|S|OID\.[0-9.]+|[0-9]+(\.[0-9]+)+)\s*=",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Qualifiers the product compares literally and this host folds away.</summary>
    private static readonly Regex QualifiedAlias = new(@"(@carbon\.super$)|(^PRIMARY/)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static ThumbprintMapping? Build(RawThumbprintMapping raw, string usersKey, IConfigReport report)
    {
        var entry = new ConfigEntry(raw.File, raw.Key, raw.Line, report);

        var issuer = raw.Issuer?.Trim();
        if (string.IsNullOrEmpty(issuer) || issuer == ThumbprintMapping.Any)
        {
            entry.Warn("trusted_issuer", "missing or \"*\": the product skips such a mapping, and so does this host");
            return null;
        }

        if (!DistinguishedName.TryParse(issuer, out var dn))
        {
            entry.Fail("trusted_issuer", $"expected a DN such as \"CN=RootCA, O=WSO2, C=AU\", found \"{issuer}\"");
        }
        else if (AliasAttribute.IsMatch(issuer))
        {
            entry.Warn("trusted_issuer", "host extension: an attribute written as E, EMAIL, S or an OID only matches here; the product compares EMAILADDRESS and ST literally and would refuse this mapping's certificates");
        }

        Thumbprint? parsed = null;
        var thumbprint = raw.Thumbprint?.Trim();
        if (string.IsNullOrEmpty(thumbprint) || thumbprint == ThumbprintMapping.Any)
        {
            entry.Warn("cert_thumbprint", (string.IsNullOrEmpty(thumbprint) ? "missing, so \"*\" as in the product" : "\"*\"")
                + ": wildcard grant, any certificate from this issuer matches");
        }
        else if (Thumbprint.TryParse(thumbprint, out var t))
        {
            parsed = t;
            if (!thumbprint.Equals(t.ToColonForm(), StringComparison.OrdinalIgnoreCase))
            {
                entry.Warn("cert_thumbprint", $"host extension: the product compares the text with colons, \"{t.ToColonForm()}\"; written without colons or across lines it only matches here");
            }
        }
        else
        {
            entry.Fail("cert_thumbprint", $"expected \"*\" or a SHA-256 fingerprint (hex, with or without colons), found \"{raw.Thumbprint}\"");
        }

        var allowed = raw.Users?.Select(u => u.Trim()).Where(u => u.Length > 0).ToList() ?? [];
        if (allowed.Count == 0)
        {
            allowed = [ThumbprintMapping.Any];
            entry.Warn(usersKey, "missing, so \"*\" as in the product: wildcard grant" + (usersKey == "allowed_system_user" ? ", a user-less system caller" : ", any user"));
        }
        else if (allowed.Contains(ThumbprintMapping.Any))
        {
            entry.Warn(usersKey, "\"*\": wildcard grant" + (usersKey == "allowed_system_user" ? ", a user-less system caller" : ", any user"));
        }

        foreach (var user in allowed.Where(u => QualifiedAlias.IsMatch(u)))
        {
            entry.Warn(usersKey, $"host extension: \"{user}\" matches the unqualified name here; the product compares the text as written");
        }

        foreach (var user in allowed.Where(u => u.Contains(',')))
        {
            entry.Warn(usersKey, $"\"{user}\" is one name, as in the product; write a list to allow several users");
        }

        return entry.Ok ? new ThumbprintMapping(dn, parsed, allowed) : null;
    }
}
