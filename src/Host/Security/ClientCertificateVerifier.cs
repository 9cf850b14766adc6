using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Host.Security;

/// <summary>
/// Decides whether a client certificate chains to the client truststore and is within its
/// validity period. Only certificates it accepts ever reach a handler; at the handshake the
/// rest end the connection (the conformance tables count that as a 401).
/// </summary>
public sealed class ClientCertificateVerifier(X509Certificate2Collection trustAnchors)
{
    public int AnchorCount => trustAnchors.Count;

    /// <param name="certificate">The client's own certificate.</param>
    /// <param name="presented">
    /// The other certificates the client sent with it (its intermediates). They help build the
    /// path, as JSSE's PKIX builder uses the peer's certificate list, but are never anchors.
    /// </param>
    public bool Verify(X509Certificate2 certificate, X509Certificate2Collection? presented, out string reason)
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
        // Intermediates the operator put in the truststore help build the path too.
        chain.ChainPolicy.ExtraStore.AddRange(trustAnchors);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented);
        }

        // Revocation is not checked here: the product's client truststore does not either, and
        // X509Chain would fetch CRLs/OCSP over the network itself.
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
