using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reads the legacy authenticators.xml (config.md): <c>disabled</c>, <c>&lt;Priority&gt;</c> and
/// parameters either under <c>&lt;Config&gt;</c> or directly under the authenticator.
/// </summary>
public static class AuthenticatorsXmlReader
{
    public static IReadOnlyDictionary<string, HandlerSwitch> Read(string file, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var result = new Dictionary<string, HandlerSwitch>(StringComparer.Ordinal);
        var doc = XmlConfigFile.Load(file, diagnostics);
        if (doc?.Root is null)
        {
            return result;
        }

        foreach (var element in doc.DescendantsNamed("Authenticator"))
        {
            var name = element.Attr("name") ?? "";
            var key = $"Authenticator[name={name}]";
            var descriptor = catalog.FindByLegacyName(name);
            if (descriptor is null)
            {
                diagnostics.Warning(new ConfigError(file, key, element.Line(), "no such authenticator in this host; ignored"));
                continue;
            }

            var disabled = element.ParseBool(element.Attr("disabled"), key + "/@disabled", file, diagnostics);
            var parameters = (element.Child("Config") ?? element).ChildrenNamed("Parameter")
                .Where(p => p.Attr("name") is not null)
                .ToDictionary(p => p.Attr("name")!, p => p.Value.Trim(), StringComparer.Ordinal);
            result[descriptor.Id] = new HandlerSwitch(
                // No disabled attribute means enabled: the element's presence configures it.
                !(disabled ?? false),
                element.ParseInt(element.Child("Priority")?.Value, key + "/Priority", file, diagnostics),
                parameters);
        }

        return result;
    }
}
