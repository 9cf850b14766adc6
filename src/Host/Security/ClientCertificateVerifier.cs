using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Security;

/// <summary>
/// Decides whether a client certificate — from the handshake or forwarded by a trusted proxy —
/// chains to the client truststore, is within its validity period and is not revoked. Only
/// certificates it accepts ever reach a handler; at the handshake the rest end the connection
/// (the conformance tables count that as a 401).
/// </summary>
public sealed class ClientCertificateVerifier(TrustMaterialStore trust, Func<RevocationSettings> revocation, OcspClient ocsp,
    ILogger<ClientCertificateVerifier> logger)
{
    private const int MaxRemembered = 4096;
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    // The handshake callback cannot wait for an OCSP responder, and the intermediates a client
    // sent are gone once it returns; so the issuer of each certificate verified with OCSP in
    // force is kept for the request-time check.
    private readonly ConcurrentDictionary<string, X509Certificate2> _issuers = new(StringComparer.Ordinal);

    /// <summary>
    /// At the handshake: path, validity, CRLs and cached OCSP answers. A certificate whose OCSP
    /// answer is not cached yet is let through here and checked by <see cref="CheckAfterHandshakeAsync"/>
    /// before the request reaches anything else.
    /// </summary>
    public bool VerifyAtHandshake(X509Certificate2 certificate, X509Certificate2Collection? presented)
    {
        var ok = VerifyAtHandshake(certificate, presented, out var reason);
        if (!ok)
        {
            logger.LogWarning("Client certificate {Subject} refused at TLS: {Reason}", certificate.Subject, reason);
        }

        return ok;
    }

    /// <summary>
    /// Before each request on a connection with a handshake certificate: the OCSP answer, from
    /// the cache (nextUpdate bounds it) or the responder. A certificate whose issuer is not
    /// remembered (forgotten under load) fails closed; the client's reconnect verifies afresh.
    /// </summary>
    public async ValueTask<(bool Ok, string Reason)> CheckAfterHandshakeAsync(X509Certificate2 certificate, CancellationToken cancellation)
    {
        var settings = revocation();
        if (!settings.UsesOcsp)
        {
            return (true, "");
        }

        return _issuers.TryGetValue(certificate.Thumbprint, out var issuer)
            ? await CheckRevocationAsync(certificate, issuer, settings, cancellation)
            : (false, "revocation status cannot be checked: issuer unknown");
    }

    private bool VerifyAtHandshake(X509Certificate2 certificate, X509Certificate2Collection? presented, out string reason)
    {
        var settings = revocation();
        if (!TryBuildPath(certificate, presented, settings.Mode != RevocationMode.Off, out var issuer, out reason))
        {
            return false;
        }

        if (issuer is null)
        {
            return true;
        }

        RevocationStatus? answer = null;
        if (settings.UsesOcsp)
        {
            if (_issuers.Count >= MaxRemembered)
            {
                _issuers.Clear();
            }

            _issuers[certificate.Thumbprint] = issuer;
            answer = ocsp.TryGetCached(certificate, out var cached) ? cached : null;
        }

        try
        {
            var outcome = RevocationPolicy.Decide(settings, answer, () => CrlStatus(certificate, issuer));
            return outcome == RevocationOutcome.NeedsOcsp || Judge(outcome, certificate, ref reason);
        }
        finally
        {
            if (!settings.UsesOcsp)
            {
                // Only the CRLs needed it, and they are read: its native certificate goes now, not at a finalizer.
                issuer.Dispose();
            }
        }
    }

    /// <summary>The whole verification, for a certificate that did not come through our handshake (a proxy forwarded it).</summary>
    public async Task<(bool Ok, string Reason)> VerifyAsync(X509Certificate2 certificate, X509Certificate2Collection? presented,
        CancellationToken cancellation)
    {
        var settings = revocation();
        if (!TryBuildPath(certificate, presented, settings.Mode != RevocationMode.Off, out var issuer, out var reason))
        {
            return (false, reason);
        }

        if (issuer is null)
        {
            return (true, "");
        }

        if (settings.UsesOcsp)
        {
            // A question to the responder may outlive this call (it is shared and not cancelled), so the issuer is left to it.
            return await CheckRevocationAsync(certificate, issuer, settings, cancellation);
        }

        using (issuer)
        {
            return await CheckRevocationAsync(certificate, issuer, settings, cancellation);
        }
    }

    private async Task<(bool Ok, string Reason)> CheckRevocationAsync(X509Certificate2 certificate, X509Certificate2 issuer,
        RevocationSettings settings, CancellationToken cancellation)
    {
        RevocationStatus? answer = null;
        var reason = "";
        if (settings.UsesOcsp)
        {
            (var status, reason) = await ocsp.CheckAsync(certificate, issuer, settings.OcspTimeout, cancellation);
            answer = status;
        }

        var ok = Judge(RevocationPolicy.Decide(settings, answer, () => CrlStatus(certificate, issuer)), certificate, ref reason);
        return (ok, reason);
    }

    private bool Judge(RevocationOutcome outcome, X509Certificate2 certificate, ref string reason)
    {
        switch (outcome)
        {
            case RevocationOutcome.Refuse:
                reason = "revoked or revocation status unknown" + (reason.Length > 0 ? ": " + reason : "");
                return false;
            case RevocationOutcome.AcceptUnknown:
                logger.LogWarning("Client certificate {Subject} accepted with unknown revocation status (fail_open = true): {Reason}",
                    certificate.Subject, reason);
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Path and validity. <paramref name="issuer"/> is a copy of the certificate's issuer, the
    /// caller's to dispose, when <paramref name="wantIssuer"/> (revocation is checked); null when
    /// not wanted or when the certificate is itself a truststore entry (pinned).
    /// </summary>
    private bool TryBuildPath(X509Certificate2 certificate, X509Certificate2Collection? presented, bool wantIssuer,
        out X509Certificate2? issuer, out string reason)
    {
        issuer = null;
        var now = DateTime.UtcNow;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            reason = $"outside its validity period ({certificate.NotBefore:u} to {certificate.NotAfter:u})";
            return false;
        }

        if (TlsClientUsageRefusal(certificate) is { } usage)
        {
            reason = usage;
            return false;
        }

        var anchors = trust.Current.Anchors;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        // Intermediates the operator put in the truststore help build the path; so do those the
        // client sent after its own certificate, as JSSE's PKIX builder uses the peer's list.
        // Only truststore entries are ever anchors.
        chain.ChainPolicy.ExtraStore.AddRange(anchors);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented);
        }

        // Revocation is ours (RevocationPolicy): X509Chain's online mode fetches on this thread.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        try
        {
            if (!chain.Build(certificate))
            {
                reason = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
                return false;
            }

            if (wantIssuer && chain.ChainElements.Count > 1)
            {
                issuer = X509CertificateLoader.LoadCertificate(chain.ChainElements[1].Certificate.RawData);
            }

            reason = "";
            return true;
        }
        finally
        {
            // Disposing a chain leaves its elements' certificates, each holding a native OpenSSL
            // certificate, to the finalizer, which under many new connections and few collections
            // runs late. SslStream disposes the elements of its own chain the same way.
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// The end-entity checks JSSE makes of a TLS client's certificate before the product sees it
    /// (<c>sun.security.validator.EndEntityChecker.checkTLSClient</c>): a key usage, if present,
    /// must allow digital signatures, and an extended key usage, if present, must name clientAuth
    /// or anyExtendedKeyUsage. Without them a serverAuth-only certificate logged in here that the
    /// product refuses at the handshake (found by the bad-input corpus).
    /// </summary>
    private static string? TlsClientUsageRefusal(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509KeyUsageExtension keyUsage && !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            {
                return "its key usage does not allow digital signatures (a TLS client signs)";
            }

            if (extension is X509EnhancedKeyUsageExtension extended
                && !extended.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value is ClientAuthentication or AnyExtendedKeyUsage))
            {
                return "its extended key usage does not include TLS client authentication";
            }
        }

        return null;
    }

    private RevocationStatus CrlStatus(X509Certificate2 certificate, X509Certificate2 issuer) =>
        trust.Current.Crls.StatusOf(certificate, issuer, DateTime.UtcNow);
}
