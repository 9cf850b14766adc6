using System.Security.Cryptography.X509Certificates;

namespace CompatHost.Host.Security;

/// <summary>
/// When the server certificate and the truststore anchors expire, for the startup summary and
/// the log: an operator learns 30 days ahead, not from clients' handshake failures.
/// </summary>
public static class CertificateExpiry
{
    public static readonly TimeSpan WarningWindow = TimeSpan.FromDays(30);

    /// <summary>One line per certificate, marked when it expires within 30 days or has expired.</summary>
    public static IEnumerable<string> Describe(TrustMaterial trust, DateTimeOffset now) =>
        Certificates(trust).Select(c => Line(c.Role, c.Certificate, now));

    /// <summary>Only the lines that need the operator's attention.</summary>
    public static IEnumerable<string> Warnings(TrustMaterial trust, DateTimeOffset now) =>
        Certificates(trust).Where(c => Expiry(c.Certificate) - now < WarningWindow).Select(c => Line(c.Role, c.Certificate, now));

    private static IEnumerable<(string Role, X509Certificate2 Certificate)> Certificates(TrustMaterial trust) =>
        trust.Anchors.Select(a => ("truststore anchor", a)).Prepend(("server certificate", trust.ServerCertificate));

    private static string Line(string role, X509Certificate2 certificate, DateTimeOffset now)
    {
        var left = Expiry(certificate) - now;
        var mark = left < TimeSpan.Zero ? "  EXPIRED"
            : left < WarningWindow ? $"  WARNING: expires in {Math.Max(0, (int)left.TotalDays)} day(s)"
            : "";
        return $"{role} {certificate.Subject} expires {Expiry(certificate):yyyy-MM-dd HH:mm} UTC{mark}";
    }

    private static DateTimeOffset Expiry(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());
}
