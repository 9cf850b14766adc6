using CompatHost.Sdk.Certificates;
using CompatHost.Sdk.Identity;

namespace CompatHost.Handlers.ClientCertificate;

/// <summary>
/// One advisory mapping (WSO2-2025-4494): certificates from <see cref="Issuer"/>, with this
/// thumbprint or any (<see cref="Thumbprint"/> null = <c>*</c>), may act as the listed users.
/// A system mapping has one entry (<c>allowed_system_user</c>), <c>*</c> meaning a user-less
/// system caller; a user mapping lists <c>allowed_username</c>, <c>*</c> meaning any user.
/// </summary>
public sealed record ThumbprintMapping(DistinguishedName Issuer, Thumbprint? Thumbprint, IReadOnlyList<string> AllowedUsers)
{
    public const string Any = "*";

    public bool IsWildcardThumbprint => Thumbprint is null;

    public bool AllowsAnyUser => AllowedUsers.Contains(Any);

    private readonly QualifiedUserName[] _allowed = AllowedUsers
        .Select(u => QualifiedUserName.TryParse(u, out var name) ? name : null)
        .OfType<QualifiedUserName>()
        .ToArray();

    /// <summary>
    /// Compares as qualified names (case-insensitive; <c>alice@carbon.super</c> is <c>alice</c>).
    /// </summary>
    public bool Allows(string username) =>
        AllowsAnyUser || (QualifiedUserName.TryParse(username, out var user) && _allowed.Contains(user));
}
