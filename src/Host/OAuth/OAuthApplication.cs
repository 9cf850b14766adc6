namespace CompatHost.Host.OAuth;

/// <summary>A registered OAuth client. The secret is only ever held hashed; the certificate (PEM) enables mutual-TLS client authentication.</summary>
public sealed record OAuthApplication(
    string ClientId,
    string Name,
    string Tenant,
    IReadOnlyList<string> GrantTypes,
    string? CallbackUrl,
    string? CertificatePem,
    string? CertificateThumbprint,
    DateTimeOffset Created);
