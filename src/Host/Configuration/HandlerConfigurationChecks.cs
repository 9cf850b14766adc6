using System.Security.Cryptography.X509Certificates;
using CompatHost.Host.Chain;
using CompatHost.Host.Security;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Runs each enabled handler's own configuration check (SDK 1.3 <see cref="IHandlerConfigurationCheck"/>,
/// named by its <see cref="HandlerDefaultsAttribute"/>) and reports what it finds where the operator
/// wrote it: an error about a parameter names the file that set it (deployment.toml wins over the XML
/// per parameter) and its line; anything else names the file that switched the handler on.
/// </summary>
public static class HandlerConfigurationChecks
{
    /// <summary>The files a handler's section may come from, as read for this load.</summary>
    public sealed record Sources(
        ProductHome Home,
        IReadOnlyDictionary<string, HandlerSwitch> Toml,
        IReadOnlyDictionary<string, HandlerSwitch> IdentityXml,
        IReadOnlyDictionary<string, HandlerSwitch> AuthenticatorsXml);

    public static void Run(HandlerCatalog catalog, IReadOnlyDictionary<string, HandlerConfiguration> handlers, Sources sources,
        StoreSettings truststore, string superAdmin, ConfigDiagnostics diagnostics)
    {
        foreach (var descriptor in catalog.All)
        {
            if (descriptor.HandlerType is not { } type || HandlerCatalog.Defaults(type).ConfigurationCheck is not { } checkType
                || !handlers.TryGetValue(descriptor.Id, out var configuration) || !configuration.Enabled)
            {
                continue;
            }

            var xmlFile = sources.AuthenticatorsXml.ContainsKey(descriptor.Id) ? sources.Home.AuthenticatorsXml : sources.Home.IdentityXml;
            var switchedIn = configuration.EnabledSource == SettingSource.Xml ? xmlFile : sources.Home.DeploymentToml;
            var context = new HandlerCheckContext(() => TrustedOrNone(truststore), configuration.EnabledSource == SettingSource.Xml, superAdmin);
            IReadOnlyList<HandlerConfigurationFinding> findings;
            try
            {
                findings = [.. ((IHandlerConfigurationCheck)Activator.CreateInstance(checkType)!).Check(configuration, context)];
            }
            catch (Exception ex)
            {
                // The operator enabled it; a check that cannot run has not said the section is safe.
                diagnostics.Error(new ConfigError(switchedIn, descriptor.Id, null, $"its configuration check {checkType.Name} failed: {ex.Message}"));
                continue;
            }

            foreach (var finding in findings)
            {
                if (finding.Parameter is not { } parameter)
                {
                    Report(diagnostics, finding, new ConfigError(switchedIn, descriptor.Id, null, finding.Message));
                    continue;
                }

                var (switches, file) = sources.Toml.GetValueOrDefault(descriptor.Id)?.Parameters.ContainsKey(parameter) == true
                    ? (sources.Toml, sources.Home.DeploymentToml)
                    : (sources.AuthenticatorsXml.ContainsKey(descriptor.Id) ? sources.AuthenticatorsXml : sources.IdentityXml, xmlFile);
                var line = switches.GetValueOrDefault(descriptor.Id)?.ParameterLines?.GetValueOrDefault(parameter);
                Report(diagnostics, finding, new ConfigError(file, descriptor.Id, line, finding.Message));
            }
        }
    }

    private static void Report(ConfigDiagnostics diagnostics, HandlerConfigurationFinding finding, ConfigError error)
    {
        if (finding.IsError)
        {
            diagnostics.Error(error);
        }
        else
        {
            diagnostics.Warning(error);
        }
    }

    private static X509Certificate2Collection TrustedOrNone(StoreSettings truststore)
    {
        try
        {
            return KeystoreLoader.LoadTrustedCertificates(truststore);
        }
        catch (ConfigException)
        {
            // Only advice is built from it; an unreadable truststore is reported where it is loaded for TLS.
            return [];
        }
    }
}
