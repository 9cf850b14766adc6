using CompatHost.Host.Chain;
using CompatHost.Host.Configuration;
using CompatHost.Host.OAuth.MutualTls;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Startup;

/// <summary>
/// What is in force, in order: each handler with its priority, switch and the file that set
/// them; the plugins and what became of them; and, on a fresh home, how to call the host.
/// </summary>
public static class StartupSummary
{
    /// <param name="address">Where the host listens; null when nothing listens (<c>check</c>), so no curl lines.</param>
    public static void Print(TextWriter output, HostSettings settings, HandlerCatalog catalog, IReadOnlyList<Plugins.PluginLoadReport> plugins,
        DevelopmentHome.Files? created, Uri? address)
    {
        output.WriteLine($"CompatHost home: {settings.Home.Root}");
        PrintChain(output, "REST handlers", HandlerChains.Rest, settings, catalog);
        PrintChain(output, "Admin (SOAP) authenticators", HandlerChains.SoapAdmin, settings, catalog);
        var oauthClient = settings.Handlers[MutualTlsClientAuthenticatorSwitch.Descriptor.Id];
        output.WriteLine($"OAuth client authentication: MutualTLSClientAuthenticator ({MutualTlsClientAuthenticatorSwitch.Descriptor.Id}) priority {oauthClient.Priority} (from {OAuthSwitchFile(oauthClient.PrioritySource)}), {(oauthClient.Enabled ? "enabled" : "disabled")} (from {OAuthSwitchFile(oauthClient.EnabledSource)})");
        foreach (var section in settings.Sections.Values.OfType<Sdk.Configuration.IDescribedSettings>())
        {
            output.WriteLine(section.Describe());
        }

        foreach (var plugin in plugins)
        {
            output.WriteLine(plugin.Loaded
                ? $"Plugin loaded: {plugin.File} ({string.Join(", ", plugin.HandlerIds)})"
                : $"Plugin NOT loaded: {plugin.File}: {plugin.Error}");
        }

        foreach (var warning in settings.Warnings)
        {
            output.WriteLine($"Config warning: {warning}");
        }

        if (address is null)
        {
            return;
        }

        if (created is not null)
        {
            var origin = address.GetLeftPart(UriPartial.Authority);
            output.WriteLine("Created a development home:");
            output.WriteLine($"  CA certificate:           {created.CaCertificate}");
            output.WriteLine($"  admin client certificate: {created.AdminCertificate} (key {created.AdminKey})");
            output.WriteLine($"  server keystore:          {created.Keystore}");
            output.WriteLine($"  client truststore:        {created.Truststore}");
            output.WriteLine($"  config:                   {settings.Home.DeploymentToml}");
        }

        var security = settings.Home.SecurityDir;
        output.WriteLine("Try:");
        output.WriteLine($"  curl --cacert {Path.Combine(security, "ca.crt")} --cert {Path.Combine(security, "admin.crt")} --key {Path.Combine(security, "admin.key")} {address.GetLeftPart(UriPartial.Authority)}/scim2/Me");
        output.WriteLine($"  curl --cacert {Path.Combine(security, "ca.crt")} -u admin:<password> {address.GetLeftPart(UriPartial.Authority)}/scim2/Me");
    }

    /// <summary>Only deployment.toml and identity.xml can set the OAuth client authenticator's switch.</summary>
    private static string OAuthSwitchFile(SettingSource source) => source switch
    {
        SettingSource.Toml => "deployment.toml",
        SettingSource.Xml => "identity.xml",
        _ => "the IS 7 default",
    };

    private static void PrintChain(TextWriter output, string title, HandlerChains kind, HostSettings settings, HandlerCatalog catalog)
    {
        output.WriteLine($"{title} (in the order they are tried; the first that can handle decides):");
        foreach (var (descriptor, config, isFallback) in HandlerChain.Plan(kind, catalog, settings.Handlers))
        {
            output.WriteLine(isFallback
                ? $"         {descriptor.Name,-28} enabled   fixed fallback after the authenticators"
                : $"  {config.Priority,5}  {descriptor.Name,-28} enabled   priority from {config.PrioritySource}, switch from {config.EnabledSource}; {descriptor.Origin}");
        }

        foreach (var descriptor in catalog.All.Where(d => d.HandlerType is not null && d.Chains.HasFlag(kind) && !settings.Handlers[d.Id].Enabled))
        {
            var config = settings.Handlers[descriptor.Id];
            output.WriteLine($"  {config.Priority,5}  {descriptor.Name,-28} disabled  switch from {config.EnabledSource}; {descriptor.Origin}");
        }
    }
}
