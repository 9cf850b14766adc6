using System.Collections.Frozen;

namespace CompatHost.Host.Access;

/// <summary>
/// One access rule (rest-auth.md: Access control), from deployment.toml, identity.xml or the
/// built-in defaults. Rules are tried in order; the first whose context and method match the
/// request wins, as <c>AuthConfigurationUtil.getSecuredConfig</c> walks its ordered map.
/// </summary>
/// <param name="Context">The Java regular expression as written; <paramref name="Pattern"/> is its .NET form.</param>
/// <param name="Permissions">
/// Every <c>&lt;Permissions&gt;</c> value. The product joins them with ',' into one resource id
/// (<c>buildResourceAccessControlData</c>); <see cref="PermissionString"/> is that id.
/// </param>
/// <param name="Deny">Refuses with 401 before any credential is read (default-access deny, an unsafe path).</param>
public sealed record ResourceRule(
    string Context,
    PathPattern? Pattern,
    bool Secure,
    FrozenSet<string>? Methods,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> Scopes,
    FrozenSet<string>? AllowedHandlers,
    bool CrossTenant,
    string Origin,
    bool Deny = false)
{
    /// <summary>When default access is allowed and no rule matches: the host still asks for authentication (stricter than the product).</summary>
    public static readonly ResourceRule SecuredByDefault =
        new("(no rule)", null, true, null, [], [], null, false, "default: unmatched resources need authentication");

    /// <summary>
    /// <c>default-access="deny"</c> and no rule matched: the product answers 401 without
    /// looking at credentials (<c>AuthenticationValve.isUnauthorized</c>).
    /// </summary>
    public static readonly ResourceRule DeniedByDefault =
        new("(no rule)", null, true, null, [], [], FrozenSet<string>.Empty, false, "default-access deny: no rule matches this path", Deny: true);

    public static ResourceRule Refused(string why) =>
        new("(refused)", null, true, null, [], [], FrozenSet<string>.Empty, false, why, Deny: true);

    /// <summary>The comma-joined permission id the product authorizes against; empty when none.</summary>
    public string PermissionString { get; } = string.Join(',', Permissions);

    /// <summary>May throw <see cref="RegexMatchTimeoutException"/>; the caller fails closed.</summary>
    public bool Matches(string path, string method) =>
        (Methods is null || Methods.Contains(method)) && Pattern is not null && Pattern.IsMatch(path);

    /// <summary>Null allowed-handler set means every handler may decide.</summary>
    public bool AllowsHandler(string name) => AllowedHandlers is null || AllowedHandlers.Contains(name);
}
