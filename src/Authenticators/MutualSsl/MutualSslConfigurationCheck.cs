using CompatHost.Sdk.Handlers;

namespace CompatHost.Authenticators.MutualSsl;

/// <summary>
/// The config audit for MutualSSLAuthenticator (soap-auth.md step 4): a parameter whose value
/// cannot be what it names (a DN, a thumbprint) is an error; parameters the product ignores are
/// warnings; and for a pre-advisory config, which refuses everyone, the exact lines to add. The
/// truststore is read only to name its CAs in that advice.
/// </summary>
public sealed class MutualSslConfigurationCheck : IHandlerConfigurationCheck
{
    public IEnumerable<HandlerConfigurationFinding> Check(HandlerConfiguration configuration, HandlerCheckContext context)
    {
        var settings = MutualSslSettings.For(configuration);
        foreach (var malformed in settings.Malformed)
        {
            yield return HandlerConfigurationFinding.Error(malformed.Name, malformed.ToString());
        }

        foreach (var ignored in settings.Ignored.Append(settings.Malformed.Count == 0 ? settings.InitializationError : null).OfType<string>())
        {
            yield return HandlerConfigurationFinding.Warning(ignored);
        }

        if (settings.RefusesEveryone)
        {
            yield return HandlerConfigurationFinding.Warning(
                MutualSslMigrationAdvice.For(settings, context.TrustedCertificates(), context.WrittenInXml, context.SuperAdmin)!);
        }
    }
}
