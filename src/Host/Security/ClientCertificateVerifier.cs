using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Host.Security;

/// <summary>
/// Decides at the TLS handshake whether a presented client certificate chains to the client
/// truststore and is within its validity period. Only certificates it accepts ever reach a
/// handler; the rest end the handshake (the conformance tables count that as a 401).
/// </summary>
public sealed class ClientCertificateVerifier(X509Certificate2Collection trustAnchors)
{
    public int AnchorCount => trustAnchors.Count;

    public bool Verify(X509Certificate2 certificate, out string reason)
    {
        var now = DateTime.UtcNow;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            reason = $"outside its validity period ({certificate.NotBefore:u} to {certificate.NotAfter:u})";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors);
        // Intermediates the operator put in the truststore help build the path.
        chain.ChainPolicy.ExtraStore.AddRange(trustAnchors);
        // Revocation is not checked: the product's client truststore does not either, and this
        // host has no network to fetch CRLs or OCSP answers.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        if (chain.Build(certificate))
        {
            reason = "";
            return true;
        }

        reason = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
        return false;
    }
}
