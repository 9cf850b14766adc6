using System.Security.Cryptography.X509Certificates;
using CompatHost.Sdk.Certificates;

namespace CompatHost.Host.OAuth.MutualTls;

/// <summary>
/// Whether a verified client certificate is the application's, as the product's
/// MutualTLSClientAuthenticator decides (identity-oauth-addons, <c>authenticateClient</c> and its
/// <c>authenticate</c> overloads): with a JWKS URI, some key's <c>x5t#S256</c> or <c>x5c</c>
/// certificate must be the presented one; otherwise the registered certificate must have the same
/// thumbprint. A registered <c>tls_client_auth_subject_dn</c> must equal the presented subject
/// exactly (the product compares <c>getSubjectDN().toString()</c>, printed like .NET's
/// <c>CN=…, O=…, C=…</c>). The product skips that check when a key matches by <c>x5t</c>; here it
/// always applies, so a subject-DN registration is never weaker than it reads.
/// </summary>
public static class CertificateMatcher
{
    /// <summary>Null when the certificate is the application's; otherwise why not.</summary>
    public static async Task<string?> MismatchAsync(OAuthApplication application, X509Certificate2 presented, JwksCache jwks,
        CancellationToken cancellationToken)
    {
        if (application.TlsClientAuthSubjectDn is { } subjectDn && presented.Subject != subjectDn)
        {
            return $"certificate subject '{presented.Subject}' is not the registered tls_client_auth_subject_dn '{subjectDn}'";
        }

        var thumbprint = CertificateFacts.Of(presented).Sha256;
        if (application.JwksUri is { } uri)
        {
            var (keys, problem) = await jwks.GetAsync(uri, cancellationToken);
            if (keys is null)
            {
                return problem;
            }

            var x5t = JsonWebKeySet.X5tS256(presented);
            return keys.Keys.Any(k => k.X5tS256 == x5t || (k.Certificate is { } c && Thumbprint.Sha256(c) == thumbprint))
                ? null
                : $"no key of the JWKS at {uri} is the presented certificate";
        }

        return application.CertificateThumbprint == thumbprint.Hex ? null : "client certificate is not the application's registered certificate";
    }
}
