using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>
/// A stored token (access or refresh), known only by the SHA-256 of its value. <see cref="CertificateThumbprint"/>
/// binds it to the client certificate it was issued over (RFC 8705 <c>x5t#S256</c>).
/// </summary>
public sealed record AccessToken(
    string Hash,
    string Kind,
    string ClientId,
    QualifiedUserName? User,
    IReadOnlyList<string> Scopes,
    DateTimeOffset Issued,
    DateTimeOffset Expires,
    bool Revoked,
    string? CertificateThumbprint)
{
    public const string Access = "access";
    public const string Refresh = "refresh";

    public bool IsActive(DateTimeOffset now) => !Revoked && now < Expires;
}
