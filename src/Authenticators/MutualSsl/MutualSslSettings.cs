using System.Runtime.CompilerServices;
using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Authenticators.MutualSsl;

/// <summary>
/// MutualSSLAuthenticator's parameters (soap-auth.md), parsed once per config snapshot. A
/// parameter set it cannot honour leaves <see cref="InitializationError"/> set, and the
/// authenticator then accepts nobody: a broken whitelist never means "no whitelist".
/// </summary>
public sealed class MutualSslSettings
{
    public const string UsernameNamespace = "http://mutualssl.carbon.wso2.org";
    private const string IssuerPrefix = "issuer_";
    private const string ThumbprintPrefix = "cert_thumbprint_";
    private static readonly ConditionalWeakTable<HandlerConfiguration, MutualSslSettings> Cache = new();

    private MutualSslSettings(IReadOnlyDictionary<string, string> parameters)
    {
        UsernameHeader = Get(parameters, "UsernameHeader") is { Length: > 0 } header ? header : "UserName";
        UseSha256 = !string.Equals(Get(parameters, "EnableSHA256"), "false", StringComparison.OrdinalIgnoreCase);
        WhiteListEnabled = string.Equals(Get(parameters, "WhiteListEnabled"), "true", StringComparison.OrdinalIgnoreCase);
        var errors = new List<string>();
        WhiteList = ParseThumbprints(Get(parameters, "WhiteList") ?? "", "WhiteList", errors);
        if (WhiteListEnabled && WhiteList.Count == 0)
        {
            errors.Add("WhiteListEnabled is true but WhiteList is empty");
        }

        TrustedIssuers = (Get(parameters, "TrustedIssuers") ?? "")
            .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => Dn(text, "TrustedIssuers", errors))
            .OfType<DistinguishedName>()
            .ToList();

        var issuerUsers = new List<(DistinguishedName, string[])>();
        var thumbprintUsers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var users = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (name.StartsWith(IssuerPrefix, StringComparison.Ordinal) && Dn(name[IssuerPrefix.Length..], name, errors) is { } dn)
            {
                issuerUsers.Add((dn, users));
            }
            else if (name.StartsWith(ThumbprintPrefix, StringComparison.Ordinal))
            {
                var key = name[ThumbprintPrefix.Length..].Trim();
                if (key == "*")
                {
                    thumbprintUsers["*"] = users;
                }
                else if (Thumbprint.TryParse(key, out var tp))
                {
                    thumbprintUsers[tp.Hex] = users;
                }
                else
                {
                    errors.Add($"{name}: not a certificate thumbprint");
                }
            }
        }

        IssuerUsers = issuerUsers;
        ThumbprintUsers = thumbprintUsers;
        InitializationError = errors.Count == 0 ? null : string.Join("; ", errors);
    }

    public string UsernameHeader { get; }

    public bool UseSha256 { get; }

    public bool WhiteListEnabled { get; }

    public IReadOnlySet<string> WhiteList { get; }

    public IReadOnlyList<DistinguishedName> TrustedIssuers { get; }

    public IReadOnlyList<(DistinguishedName Issuer, string[] Users)> IssuerUsers { get; }

    /// <summary>Thumbprint (lower hex) or <c>*</c> to the users it may act as.</summary>
    public IReadOnlyDictionary<string, string[]> ThumbprintUsers { get; }

    public string? InitializationError { get; }

    public static MutualSslSettings For(HandlerConfiguration configuration) =>
        Cache.GetValue(configuration, c => new MutualSslSettings(c.Parameters));

    public static bool AllowsUser(IEnumerable<string> users, string username) =>
        users.Any(u => u == "*" || string.Equals(u, username, StringComparison.OrdinalIgnoreCase));

    private static string? Get(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value.Trim() : null;

    private static HashSet<string> ParseThumbprints(string text, string key, List<string> errors)
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
                errors.Add($"{key}: '{item}' is not a certificate thumbprint");
            }
        }

        return result;
    }

    private static DistinguishedName? Dn(string text, string key, List<string> errors)
    {
        if (DistinguishedName.TryParse(text, out var dn))
        {
            return dn;
        }

        errors.Add($"{key}: '{text}' is not a distinguished name");
        return null;
    }
}
