using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CompatHost.Sdk.Certificates;

/// <summary>
/// A DN compared as the advisory needs (rest-auth.md: issuer DN equality): the set of
/// attribute=value components, attribute names case-insensitive with aliases folded
/// (E/EMAIL/emailAddress, S/ST, OID.x / x), values exact after trimming, order ignored.
/// Equality is a string compare of a canonical form computed once.
/// </summary>
public sealed class DistinguishedName : IEquatable<DistinguishedName>
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["E"] = "E", ["EMAIL"] = "E", ["EMAILADDRESS"] = "E", ["1.2.840.113549.1.9.1"] = "E",
        ["S"] = "ST", ["ST"] = "ST", ["2.5.4.8"] = "ST",
        ["CN"] = "CN", ["2.5.4.3"] = "CN",
        ["C"] = "C", ["2.5.4.6"] = "C",
        ["L"] = "L", ["2.5.4.7"] = "L",
        ["O"] = "O", ["2.5.4.10"] = "O",
        ["OU"] = "OU", ["2.5.4.11"] = "OU",
        ["STREET"] = "STREET", ["2.5.4.9"] = "STREET",
        ["DC"] = "DC", ["0.9.2342.19200300.100.1.25"] = "DC",
        ["UID"] = "UID", ["0.9.2342.19200300.100.1.1"] = "UID",
        ["SERIALNUMBER"] = "SERIALNUMBER", ["2.5.4.5"] = "SERIALNUMBER",
    };

    private readonly string _canonical;

    private DistinguishedName(IReadOnlyList<KeyValuePair<string, string>> components, string text)
    {
        Components = components;
        Text = text;
        _canonical = string.Join('\u0001', components
            .Select(c => c.Key + "=" + c.Value)
            .Order(StringComparer.Ordinal));
    }

    /// <summary>Components with folded attribute names, in their original order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Components { get; }

    /// <summary>The DN as it was written or printed, for logs.</summary>
    public string Text { get; }

    /// <summary>The value of the first component with this attribute (folded), e.g. CN.</summary>
    public string? Get(string attribute)
    {
        var key = FoldAttribute(attribute);
        return Components.FirstOrDefault(c => c.Key == key).Value;
    }

    public static DistinguishedName FromX500(X500DistinguishedName name)
    {
        var components = new List<KeyValuePair<string, string>>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                // Multi-valued RDNs are rare in CA names; their printed form still compares as a set.
                foreach (var part in Split(FormatMultiValued(rdn)) ?? [])
                {
                    components.Add(part);
                }

                continue;
            }

            var oid = rdn.GetSingleElementType();
            components.Add(new(FoldAttribute(oid.Value ?? oid.FriendlyName ?? ""), (rdn.GetSingleElementValue() ?? "").Trim()));
        }

        return new DistinguishedName(components, name.Name);
    }

    /// <summary>Parses a DN as operators write it (RFC 4514-like; escaped commas and quoted values kept whole).</summary>
    public static bool TryParse(string? text, out DistinguishedName dn)
    {
        dn = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var components = Split(text);
        if (components is null || components.Count == 0)
        {
            return false;
        }

        dn = new DistinguishedName(components, text.Trim());
        return true;
    }

    public static DistinguishedName Parse(string text) =>
        TryParse(text, out var dn) ? dn : throw new FormatException($"'{text}' is not a distinguished name (expected ATTR=value, ATTR=value, ...).");

    public bool Equals(DistinguishedName? other) => other is not null && other._canonical == _canonical;

    public override bool Equals(object? obj) => Equals(obj as DistinguishedName);

    public override int GetHashCode() => _canonical.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;

    private static string FoldAttribute(string attribute)
    {
        var name = attribute.Trim();
        if (name.StartsWith("OID.", StringComparison.OrdinalIgnoreCase))
        {
            name = name[4..];
        }

        return Aliases.TryGetValue(name, out var folded) ? folded : name.ToUpperInvariant();
    }

    private static string FormatMultiValued(X500RelativeDistinguishedName rdn) =>
        new X500DistinguishedName(rdn.RawData.ToArray()).Name.Replace('+', ',');

    private static List<KeyValuePair<string, string>>? Split(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        var current = new StringBuilder();
        string? attribute = null;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                current.Append(c);
            }
            else if (c == '=' && attribute is null)
            {
                attribute = current.ToString();
                current.Clear();
            }
            else if (c is ',' or ';' or '+')
            {
                if (!Complete(result, attribute, current))
                {
                    return null;
                }

                attribute = null;
            }
            else
            {
                current.Append(c);
            }
        }

        return !quoted && Complete(result, attribute, current) ? result : null;
    }

    private static bool Complete(List<KeyValuePair<string, string>> result, string? attribute, StringBuilder value)
    {
        var name = attribute?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        result.Add(new(FoldAttribute(name), value.ToString().Trim()));
        value.Clear();
        return true;
    }
}
