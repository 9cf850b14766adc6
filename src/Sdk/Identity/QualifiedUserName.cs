namespace CompatHost.Sdk.Identity;

/// <summary>
/// A user name as the product qualifies it: <c>[USERSTORE/]name[@tenant]</c>. The user store
/// domain defaults to <c>PRIMARY</c> and the tenant to <c>carbon.super</c>; names compare
/// case-insensitively, so <c>ALICE@carbon.super</c> is <c>alice</c> (spec README: Users).
/// </summary>
public sealed class QualifiedUserName : IEquatable<QualifiedUserName>
{
    public const string PrimaryDomain = "PRIMARY";
    public const string SuperTenant = "carbon.super";

    private QualifiedUserName(string domain, string name, string tenant)
    {
        Domain = domain;
        Name = name;
        Tenant = tenant;
    }

    /// <summary>User store domain, upper case (<c>PRIMARY</c>, <c>SECONDARY</c>, ...).</summary>
    public string Domain { get; }

    /// <summary>The name within its store and tenant, as written.</summary>
    public string Name { get; }

    /// <summary>Tenant domain, lower case.</summary>
    public string Tenant { get; }

    public bool IsSuperTenant => Tenant == SuperTenant;

    public static QualifiedUserName Create(string name, string? domain = null, string? tenant = null) =>
        new((string.IsNullOrWhiteSpace(domain) ? PrimaryDomain : domain.Trim()).ToUpperInvariant(),
            name.Trim(),
            (string.IsNullOrWhiteSpace(tenant) ? SuperTenant : tenant.Trim()).ToLowerInvariant());

    /// <summary>
    /// Parses <c>[USERSTORE/]name[@tenant]</c>. The tenant is after the last <c>@</c>, as the
    /// product splits tenant-aware names. Returns false for an empty name or empty parts.
    /// </summary>
    public static bool TryParse(string? text, out QualifiedUserName user)
    {
        user = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var rest = text.Trim();
        string? domain = null;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            domain = rest[..slash];
            rest = rest[(slash + 1)..];
            if (domain.Length == 0)
            {
                return false;
            }
        }

        string? tenant = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            tenant = rest[(at + 1)..];
            rest = rest[..at];
            if (tenant.Length == 0)
            {
                return false;
            }
        }

        if (rest.Length == 0 || rest.Any(char.IsControl))
        {
            return false;
        }

        user = Create(rest, domain, tenant);
        return true;
    }

    public static QualifiedUserName Parse(string text) =>
        TryParse(text, out var user) ? user : throw new FormatException($"'{text}' is not a user name of the form [USERSTORE/]name[@tenant].");

    public bool Equals(QualifiedUserName? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && Domain == other.Domain
        && Tenant == other.Tenant;

    public override bool Equals(object? obj) => Equals(obj as QualifiedUserName);

    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Name), Domain, Tenant);

    /// <summary>The tenant-aware name the product prints: domain and tenant shown only when not the defaults.</summary>
    public override string ToString()
    {
        var domain = Domain == PrimaryDomain ? "" : Domain + "/";
        var tenant = IsSuperTenant ? "" : "@" + Tenant;
        return domain + Name + tenant;
    }
}
