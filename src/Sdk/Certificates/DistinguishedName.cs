using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CompatHost.Sdk.Certificates;

/// <summary>
/// A DN compared as the advisory needs (rest-auth.md: issuer DN equality): the set of
/// attribute=value components, attribute names case-insensitive with aliases folded
/// (E/EMAIL/emailAddress, S/ST, OID.x / x), values exact after trimming, order ignored. A
/// multi-valued RDN (<c>CN=a + OU=b</c>) is one unit: it never equals the same pairs written as
/// separate RDNs, as the product's printed names never do. Equality is a string compare of a
/// canonical form computed once.
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

    private DistinguishedName(List<List<KeyValuePair<string, string>>> rdns, string text)
    {
        Components = [.. rdns.SelectMany(rdn => rdn)];
        Text = text;
        _canonical = string.Join('\u0001', rdns
            .Select(rdn => string.Join('\u0002', rdn.Select(c => c.Key + "=" + c.Value).Order(StringComparer.Ordinal)))
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

    public static DistinguishedName FromX500(X500DistinguishedName name) =>
        new([.. name.EnumerateRelativeDistinguishedNames().Select(rdn => rdn.HasMultipleElements ? Elements(rdn) : [Pair(rdn)])], name.Name);

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

    private static KeyValuePair<string, string> Pair(X500RelativeDistinguishedName rdn)
    {
        var oid = rdn.GetSingleElementType();
        return new(FoldAttribute(oid.Value ?? oid.FriendlyName ?? ""), (rdn.GetSingleElementValue() ?? "").Trim());
    }

    /// <summary>
    /// The pairs of a multi-valued RDN. .NET reads values of single-valued RDNs only, so each pair
    /// is wrapped as a name of one single-valued RDN and read from that. (Reading the RDN's SET as a
    /// name, as this once did, left such an issuer matching not even its own DN; found by the
    /// bad-input corpus.)
    /// </summary>
    private static List<KeyValuePair<string, string>> Elements(X500RelativeDistinguishedName rdn)
    {
        var result = new List<KeyValuePair<string, string>>();
        var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf();
        while (set.HasData)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            using (writer.PushSetOf())
            {
                writer.WriteEncodedValue(set.ReadEncodedValue().Span);
            }

            result.Add(Pair(new X500DistinguishedName(writer.Encode()).EnumerateRelativeDistinguishedNames().Single()));
        }

        return result;
    }

    /// <summary>RDNs separated by <c>,</c> or <c>;</c>, the pairs of a multi-valued RDN by <c>+</c>.</summary>
    private static List<List<KeyValuePair<string, string>>>? Split(string text)
    {
        var result = new List<List<KeyValuePair<string, string>>>();
        var rdn = new List<KeyValuePair<string, string>>();
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
                if (!Complete(rdn, attribute, current))
                {
                    return null;
                }

                attribute = null;
                if (c != '+')
                {
                    result.Add(rdn);
                    rdn = [];
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted || !Complete(rdn, attribute, current))
        {
            return null;
        }

        result.Add(rdn);
        return result;
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
