using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CompatHost.Host.Security;

public enum RevocationOutcome
{
    Accept,

    /// <summary>Status unknown, let through because <c>fail_open = true</c> (logged).</summary>
    AcceptUnknown,
    Refuse,

    /// <summary>The OCSP answer is not at hand yet (the handshake cannot wait for it).</summary>
    NeedsOcsp,
}

/// <summary>
/// <c>[client_certificate_revocation]</c> applied to the client's own certificate: OCSP first
/// when configured, the CRLs when OCSP does not know (or is not used); unknown is a refusal
/// unless <c>fail_open</c>. Intermediates are not checked (their CAs rarely run responders for
/// them and the truststore is the operator's statement about them).
/// </summary>
public static class RevocationPolicy
{
    public static RevocationOutcome Decide(RevocationSettings settings, RevocationStatus? ocspAnswer, Func<RevocationStatus> crl)
    {
        if (settings.Mode == RevocationMode.Off)
        {
            return RevocationOutcome.Accept;
        }

        var status = RevocationStatus.Unknown;
        if (settings.UsesOcsp)
        {
            if (ocspAnswer is null)
            {
                return RevocationOutcome.NeedsOcsp;
            }

            status = ocspAnswer.Value;
        }

        if (status == RevocationStatus.Unknown && settings.UsesCrl)
        {
            status = crl();
        }

        return status switch
        {
            RevocationStatus.Good => RevocationOutcome.Accept,
            RevocationStatus.Revoked => RevocationOutcome.Refuse,
            _ => settings.FailOpen ? RevocationOutcome.AcceptUnknown : RevocationOutcome.Refuse,
        };
    }

    /// <summary>
    /// What the loaded CRLs say: a CRL counts only when its issuer name is the certificate's
    /// issuer, its signature verifies with the issuer's key and it is current (nextUpdate not
    /// passed). No such CRL: unknown.
    /// </summary>
    public static RevocationStatus CrlStatus(IReadOnlyList<X509Crl> crls, X509Certificate2 certificate, X509Certificate2 issuer, DateTime now)
    {
        var bcIssuer = new BcCertificate(issuer.RawData);
        var serial = new BigInteger(certificate.SerialNumber, 16);
        var status = RevocationStatus.Unknown;
        foreach (var crl in crls.Where(c => c.NextUpdate is not { } next || next > now))
        {
            if (!crl.IssuerDN.Equivalent(bcIssuer.SubjectDN) || !Verifies(crl, bcIssuer))
            {
                continue;
            }

            if (crl.GetRevokedCertificate(serial) is not null)
            {
                return RevocationStatus.Revoked;
            }

            status = RevocationStatus.Good;
        }

        return status;
    }

    private static bool Verifies(X509Crl crl, BcCertificate issuer)
    {
        try
        {
            crl.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.GeneralSecurityException or InvalidOperationException)
        {
            return false;
        }
    }
}
