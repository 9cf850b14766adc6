using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Configuration;
using CompatHost.Host.Security;

namespace CompatHost.Host.Startup.Cli;

public enum AuditSeverity
{
    Low,
    Medium,
    High,
}

/// <summary>One thing an operator should look at: where, what, how bad, and what to write instead.</summary>
public sealed record AuditFinding(AuditSeverity Severity, string File, int? Line, string Key, string Problem, string Fix)
{
    public string Location => Line is { } line ? $"{File}:{line}" : File;
}

/// <summary>
/// Ranks every config warning the loader produced and checks the server and trust certificates'
/// validity. High: what lets a certificate act as anyone (wildcard grants, an unbound
/// MutualSSLAuthenticator — advisory WSO2-2025-4494) and expired certificates; medium: values
/// that only work through this host's leniencies (they break on a move back to the product) and
/// certificates expiring within 30 days; low: the rest.
/// </summary>
public static class ConfigAudit
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public static IReadOnlyList<AuditFinding> Run(HostSettings settings, DateTimeOffset now) =>
        [.. settings.Warnings.Select(Rank), .. Certificates(settings, now)];

    public static AuditFinding Rank(ConfigError warning)
    {
        var (severity, fix) = warning switch
        {
            { Message: var m } when m.Contains("wildcard grant", StringComparison.Ordinal) && warning.Key.EndsWith("cert_thumbprint", StringComparison.Ordinal) =>
                (AuditSeverity.High, "write the certificate's thumbprint in cert_thumbprint, so only that certificate matches"),
            { Message: var m } when m.Contains("wildcard grant", StringComparison.Ordinal) =>
                (AuditSeverity.High, "name the user(s) this certificate may act as instead of \"*\" (or leave the key out only when that is really meant)"),
            // Since the advisory an unbound MutualSSLAuthenticator refuses everyone: broken, not open.
            { Key: "mutual_ssl_authenticator", Message: var m } when m.Contains("refuses every request", StringComparison.Ordinal) =>
                (AuditSeverity.Medium, "add the lines the message shows (allowed_issuers and an issuer_<DN> line per CA), or disable the authenticator"),
            { Key: "mutual_ssl_authenticator" } =>
                (AuditSeverity.Low, "remove or rename the parameter as the message says"),
            { Message: var m } when m.StartsWith("host extension:", StringComparison.Ordinal) =>
                (AuditSeverity.Medium, "write the value as the product compares it (the message says how), so the file works on the product too"),
            { Message: var m } when m.Contains("regular expression, not a glob", StringComparison.Ordinal) =>
                (AuditSeverity.Low, "end the context with (.*) to cover the subtree"),
            { Key: var k } when k.EndsWith(".scope", StringComparison.Ordinal) =>
                (AuditSeverity.Low, "rename `scope` to `scopes`"),
            // A misspelt handler id leaves that handler's switch at its default, possibly on.
            { Message: var m } when m.Contains("Did you mean", StringComparison.Ordinal) =>
                (AuditSeverity.Medium, "correct the id as suggested"),
            { Message: var m } when m.Contains("no authentication handler", StringComparison.Ordinal) || m.Contains("no such authenticator", StringComparison.Ordinal) =>
                (AuditSeverity.Low, "nothing, if the table is for the product's other listeners; else correct the id"),
            { Message: "unknown key, ignored" } => (AuditSeverity.Low, "correct or remove the key"),
            _ => (AuditSeverity.Low, "see the message"),
        };
        return new AuditFinding(severity, warning.File, warning.Line, warning.Key, warning.Message, fix);
    }

    private static IEnumerable<AuditFinding> Certificates(HostSettings settings, DateTimeOffset now)
    {
        var findings = new List<AuditFinding>();
        void Check(StoreSettings store, string key, Func<IEnumerable<X509Certificate2>> load)
        {
            try
            {
                foreach (var certificate in load())
                {
                    var expires = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
                    if (expires <= now)
                    {
                        findings.Add(new AuditFinding(AuditSeverity.High, store.Path, null, key,
                            $"certificate {certificate.Subject} expired on {expires:yyyy-MM-dd}", "replace it; an expired certificate fails every TLS handshake that relies on it"));
                    }
                    else if (expires - now <= ExpiryWarning)
                    {
                        findings.Add(new AuditFinding(AuditSeverity.Medium, store.Path, null, key,
                            $"certificate {certificate.Subject} expires on {expires:yyyy-MM-dd} ({(int)(expires - now).TotalDays} days)", "renew it before then"));
                    }
                }
            }
            catch (ConfigException ex)
            {
                findings.AddRange(ex.Errors.Select(e => new AuditFinding(AuditSeverity.High, e.File, e.Line, e.Key, e.Message, "fix the store settings")));
            }
        }

        Check(settings.Keystore, "keystore.primary", () => [KeystoreLoader.LoadServerCertificate(settings.Keystore)]);
        Check(settings.Truststore, "truststore", () => KeystoreLoader.LoadTrustedCertificates(settings.Truststore));
        return findings;
    }
}
