using CompatHost.Host.Configuration;
using Microsoft.Extensions.Logging;

namespace CompatHost.Host.Security;

/// <summary>
/// Holds the <see cref="TrustMaterial"/> in force. Loading at start fails closed (a startup
/// error); a later reload that fails keeps the last good material and logs why.
/// </summary>
public sealed class TrustMaterialStore(TrustMaterial initial)
{
    private volatile TrustMaterial _current = initial;

    public TrustMaterial Current => _current;

    public bool TryReload(HostSettings settings, ILogger logger)
    {
        try
        {
            var next = TrustMaterial.Load(settings);
            _current = next;
            logger.LogInformation("Trust material reloaded: server certificate {Subject}, {Anchors} truststore anchor(s), {Crls} CRL(s)",
                next.ServerCertificate.Subject, next.Anchors.Count, next.Crls.Count);
            foreach (var warning in CertificateExpiry.Warnings(next, DateTimeOffset.UtcNow))
            {
                logger.LogWarning("Certificate expiry: {Certificate}", warning);
            }

            return true;
        }
        catch (ConfigException ex)
        {
            logger.LogError("Keystore/truststore/CRL change rejected; the previous trust material stays in force. {Errors}", ex.Message);
            return false;
        }
    }
}
