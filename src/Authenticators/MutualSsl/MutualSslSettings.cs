using System.Runtime.CompilerServices;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Authenticators.MutualSsl;

/// <summary>
/// MutualSSLAuthenticator's parameters as the patched product reads them (mutual-ssl 5.5.2+,
/// <c>MutualSSLAuthenticator.init</c>), parsed once per config snapshot. A parameter set it
/// cannot honour leaves <see cref="InitializationError"/> set, and the authenticator then
/// accepts nobody: a broken whitelist never means "no whitelist". Values that are not what their
/// parameter holds (a DN, a thumbprint) are also in <see cref="Malformed"/>, which the host makes
/// a startup error; what the product silently ignores is in <see cref="Ignored"/> for the audit.
/// </summary>
public sealed class MutualSslSettings
{
    public const string UsernameNamespace = "http://mutualssl.carbon.wso2.org";
    public const string AllowedIssuersKey = "allowed_issuers";
    public const string IssuerPrefix = "issuer_";
    public const string ThumbprintPrefix = "cert_thumbprint_";
    private static readonly ConditionalWeakTable<HandlerConfiguration, MutualSslSettings> Cache = new();

    private MutualSslSettings(IReadOnlyDictionary<string, string> parameters)
    {
        var malformed = new List<MalformedParameter>();
        var ignored = new List<string>();
        UsernameHeader = Get(parameters, "UsernameHeader") is { Length: > 0 } header ? header : "UserName";
        // Java's Boolean.parseBoolean: only "true" (any case) is true; EnableSHA256 defaults to true.
        UseSha256 = Get(parameters, "EnableSHA256") is not { } sha256 || IsTrue(sha256);
        WhiteListEnabled = IsTrue(Get(parameters, "WhiteListEnabled"));
        WhiteList = ParseThumbprints(Get(parameters, "WhiteList") ?? "", malformed);
        // The product logs this and fails to initialise: not malformed, just closed.
        var emptyWhiteList = WhiteListEnabled && WhiteList.Count == 0 ? "WhiteListEnabled is true but WhiteList is empty" : null;

        AllowedIssuers = (Get(parameters, AllowedIssuersKey) ?? "")
            .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => Dn(text, AllowedIssuersKey, malformed))
            .OfType<DistinguishedName>()
            .ToList();
        if (parameters.ContainsKey("TrustedIssuers"))
        {
            ignored.Add($"TrustedIssuers is not a parameter of the product's MutualSSLAuthenticator; name the issuers in {AllowedIssuersKey}");
        }

        var issuerUsers = new Dictionary<DistinguishedName, string[]>();
        var thumbprintUsers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var users = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (name.StartsWith(IssuerPrefix, StringComparison.Ordinal) && Dn(name[IssuerPrefix.Length..], name, malformed) is { } dn)
            {
                // The product registers an issuer mapping only for an allowed issuer.
                if (!AllowedIssuers.Contains(dn))
                {
                    ignored.Add($"{name}: the issuer is not in {AllowedIssuersKey}, so the mapping is never used");
                }
                else if (users.Length > 0)
                {
                    issuerUsers[dn] = users;
                }
            }
            else if (name.StartsWith(ThumbprintPrefix, StringComparison.Ordinal) && users.Length > 0)
            {
                // The product lower-cases and strips colons; anything else (a "*", a typo) is kept
                // as written and can never equal a certificate's hex thumbprint: no wildcard.
                var key = name[ThumbprintPrefix.Length..].Trim();
                if (Thumbprint.TryParse(key, out var tp))
                {
                    thumbprintUsers[tp.Hex] = users;
                }
                else
                {
                    ignored.Add($"{name}: not a certificate thumbprint, so it matches no certificate (there is no wildcard)");
                }
            }
        }

        IssuerUsers = issuerUsers;
        ThumbprintUsers = thumbprintUsers;
        Ignored = ignored;
        Malformed = malformed;
        var errors = malformed.Select(m => m.ToString()).Append(emptyWhiteList).OfType<string>().ToList();
        InitializationError = errors.Count == 0 ? null : string.Join("; ", errors);
    }

    public string UsernameHeader { get; }

    public bool UseSha256 { get; }

    public bool WhiteListEnabled { get; }

    public IReadOnlySet<string> WhiteList { get; }

    /// <summary><c>allowed_issuers</c>: with none, only an enabled whitelist lets anyone in.</summary>
    public IReadOnlyList<DistinguishedName> AllowedIssuers { get; }

    /// <summary><c>issuer_&lt;DN&gt;</c> of allowed issuers to the user names they may act as.</summary>
    public IReadOnlyDictionary<DistinguishedName, string[]> IssuerUsers { get; }

    /// <summary><c>cert_thumbprint_&lt;tp&gt;</c>: thumbprint (lower hex) to the user names it may act as.</summary>
    public IReadOnlyDictionary<string, string[]> ThumbprintUsers { get; }

    /// <summary>Values that are not a DN or thumbprint where one is needed, each naming its parameter.</summary>
    public IReadOnlyList<MalformedParameter> Malformed { get; }

    /// <summary>Parameters the product ignores, for the config audit.</summary>
    public IReadOnlyList<string> Ignored { get; }

    public string? InitializationError { get; }

    /// <summary>
    /// No allowed issuers and no enabled whitelist: the patched product refuses every request
    /// (the pre-advisory configuration).
    /// </summary>
    public bool RefusesEveryone => AllowedIssuers.Count == 0 && !WhiteListEnabled;

    public static MutualSslSettings For(HandlerConfiguration configuration) =>
        Cache.GetValue(configuration, c => new MutualSslSettings(c.Parameters));

    /// <summary><c>*</c> or the exact user name (case-sensitive, tenant included), as the product compares.</summary>
    public static bool AllowsUser(IEnumerable<string> users, string username) =>
        users.Any(u => u == "*" || string.Equals(u, username, StringComparison.Ordinal));

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string? Get(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value.Trim() : null;

    private static HashSet<string> ParseThumbprints(string text, List<MalformedParameter> errors)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Thumbprint.TryParse(item, out var tp))
            {
                result.Add(tp.Hex);
            }
            else
            {
                errors.Add(new MalformedParameter("WhiteList", $"'{item}' is not a certificate thumbprint"));
            }
        }

        return result;
    }

    private static DistinguishedName? Dn(string text, string key, List<MalformedParameter> errors)
    {
        if (DistinguishedName.TryParse(text, out var dn))
        {
            return dn;
        }

        errors.Add(new MalformedParameter(key, $"'{text}' is not a distinguished name"));
        return null;
    }
}

/// <summary>A parameter whose value is not what it must hold; the host reports it where the parameter was written.</summary>
public sealed record MalformedParameter(string Name, string Problem)
{
    public override string ToString() => $"{Name}: {Problem}";
}
