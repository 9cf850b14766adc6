using CompatHost.Host.Configuration;
using CompatHost.Host.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CompatHost.Host.Startup;

/// <summary>The startup summary's certificate part: expiry dates, client-certificate forwarding and revocation in force.</summary>
public static class CertificateSummary
{
    public static void Print(TextWriter output, WebApplication app)
    {
        var trust = app.Services.GetRequiredService<TrustMaterialStore>().Current;
        var certificates = app.Services.GetRequiredService<SettingsStore>().Current.Certificates;
        foreach (var line in CertificateExpiry.Describe(trust, DateTimeOffset.UtcNow))
        {
            output.WriteLine($"Certificate: {line}");
        }

        var forwarding = certificates.Forwarding;
        output.WriteLine(forwarding.Enabled
            ? $"Client-certificate forwarding: enabled, header {forwarding.Header} ({forwarding.Format}) from {string.Join(", ", forwarding.TrustedProxies)}"
            : "Client-certificate forwarding: disabled (forwarding headers are removed)");
        var revocation = certificates.Revocation;
        output.WriteLine(revocation.Mode == RevocationMode.Off
            ? "Client-certificate revocation: not checked"
            : $"Client-certificate revocation: {revocation.Mode}, {revocation.CrlFiles.Count} CRL file(s), OCSP timeout {revocation.OcspTimeout.TotalMilliseconds:0} ms, {(revocation.FailOpen ? "fail open" : "fail closed")}");
    }
}
