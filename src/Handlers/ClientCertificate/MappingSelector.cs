using CompatHost.Sdk.Certificates;
namespace CompatHost.Handlers.ClientCertificate;

/// <summary>
/// Picks the mapping for a certificate (rest-auth.md steps 3–4): among mappings whose issuer
/// equals the certificate's, the first with its exact thumbprint, else the first with <c>*</c>.
/// </summary>
public static class MappingSelector
{
    public static ThumbprintMapping? Select(IReadOnlyList<ThumbprintMapping> mappings, CertificateFacts facts)
    {
        ThumbprintMapping? wildcard = null;
        foreach (var mapping in mappings)
        {
            if (!mapping.Issuer.Equals(facts.Issuer))
            {
                continue;
            }

            if (mapping.Thumbprint is { } thumbprint)
            {
                if (thumbprint == facts.Sha256)
                {
                    return mapping;
                }
            }
            else
            {
                wildcard ??= mapping;
            }
        }

        return wildcard;
    }
}
