using CompatHost.Sdk.Identity;

namespace CompatHost.Host.OAuth;

/// <summary>
/// A registered OAuth client. The secret is only ever held hashed. Mutual-TLS client
/// authentication checks the presented certificate against <see cref="CertificatePem"/> or, when
/// set, the keys at <see cref="JwksUri"/> (never both), and the subject DN when
/// <see cref="TlsClientAuthSubjectDn"/> is set. <see cref="Owner"/> is the user a
/// <c>client_credentials</c> token acts for.
/// </summary>
public sealed record OAuthApplication(
    string ClientId,
    string Name,
    string Tenant,
    IReadOnlyList<string> GrantTypes,
    string? CallbackUrl,
    string? CertificatePem,
    string? CertificateThumbprint,
    DateTimeOffset Created,
    Uri? JwksUri,
    string? TlsClientAuthSubjectDn,
    TokenBindingType TokenBinding,
    QualifiedUserName? Owner)
{
    /// <summary>Whether the application has anything a client certificate could be matched against.</summary>
    public bool HasCertificateMaterial => CertificateThumbprint is not null || JwksUri is not null;
}

/// <summary>
/// The product's access-token binding types this host has: none, or RFC 8705 certificate binding
/// (the token carries <c>cnf.x5t#S256</c> and works only over TLS with that certificate).
/// </summary>
public enum TokenBindingType
{
    None,
    Certificate,
}

/// <summary>What a registration asks for; <see cref="ApplicationRegistration.Validate"/> says what is wrong with it.</summary>
public sealed record ApplicationRegistration(
    string Name,
    string Tenant,
    IReadOnlyList<string> GrantTypes,
    string? CallbackUrl,
    string? CertificatePem,
    string? JwksUri,
    string? TlsClientAuthSubjectDn,
    string? TokenBindingType,
    QualifiedUserName? Owner)
{
    public static readonly IReadOnlyList<string> DefaultGrants = ["password", "client_credentials", "refresh_token"];

    /// <summary>
    /// Shortest client-chosen secret accepted: secrets are kept as a fast SHA-256 only
    /// (<see cref="TokenValues"/>), which is safe for high-entropy values, not for guessable ones.
    /// </summary>
    public const int MinimumChosenSecretLength = 16;

    /// <summary>A client id the caller chose (the product's admin service takes one); null = generated.</summary>
    public string? ClientId { get; init; }

    /// <summary>A client secret the caller chose; null = generated.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The wire names of <see cref="OAuth.TokenBindingType"/>: <c>none</c> and <c>certificate</c> (the product's binder type).</summary>
    public static string WireName(TokenBindingType type) => type == OAuth.TokenBindingType.Certificate ? "certificate" : "none";

    /// <summary>Null when the registration is usable; otherwise why not, for a 400 or the CLI.</summary>
    public string? Validate(out Uri? jwksUri, out TokenBindingType binding)
    {
        jwksUri = null;
        binding = OAuth.TokenBindingType.None;
        if (ClientSecret is { Length: < MinimumChosenSecretLength })
        {
            return $"A client secret must have at least {MinimumChosenSecretLength} characters.";
        }

        if (ClientId is not null && (ClientId.Length is 0 or > 255 || ClientId.Any(char.IsWhiteSpace)))
        {
            return "A client id must be 1 to 255 characters without spaces.";
        }

        if (!string.IsNullOrWhiteSpace(CertificatePem) && !string.IsNullOrWhiteSpace(JwksUri))
        {
            // The product keeps one certificate source per application: a PEM or a JWKS URI.
            return "Give either a certificate or a jwksUri, not both.";
        }

        if (!string.IsNullOrWhiteSpace(JwksUri)
            && (!Uri.TryCreate(JwksUri, UriKind.Absolute, out jwksUri) || jwksUri.Scheme != Uri.UriSchemeHttps))
        {
            return "jwksUri must be an absolute https URL.";
        }

        switch (TokenBindingType?.Trim().ToLowerInvariant())
        {
            case null or "" or "none":
                return null;
            case "certificate":
                binding = OAuth.TokenBindingType.Certificate;
                return null;
            default:
                return "tokenBindingType must be none or certificate.";
        }
    }
}
