using CompatHost.Host.Chain;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reads the legacy authenticators.xml (config.md): <c>disabled</c>, <c>&lt;Priority&gt;</c> and
/// the parameters under <c>&lt;Config&gt;</c>. Parameters written directly under the
/// authenticator are ignored with a warning, as carbon-kernel's
/// <c>AuthenticatorsConfiguration.processAuthenticatorElement</c> reads only <c>&lt;Config&gt;</c>:
/// honouring them would bind certificates to users the product refuses.
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
            var parameters = element.ChildrenNamed("Config").SelectMany(c => c.ChildrenNamed("Parameter"))
                .Where(p => p.Attr("name") is not null)
                .GroupBy(p => p.Attr("name")!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            foreach (var stray in element.ChildrenNamed("Parameter"))
            {
                diagnostics.Warning(new ConfigError(file, $"{key}/Parameter[name={stray.Attr("name")}]", stray.Line(),
                    "ignored: the product reads an authenticator's parameters only under <Config>; move it there"));
            }
            result[descriptor.Id] = new HandlerSwitch(
                // No disabled attribute means enabled: the element's presence configures it.
                !(disabled ?? false),
                element.ParseInt(element.Child("Priority")?.Value, key + "/Priority", file, diagnostics),
                parameters.ToDictionary(p => p.Key, p => p.Value.Value.Trim(), StringComparer.Ordinal),
                parameters.Where(p => p.Value.Line() is not null).ToDictionary(p => p.Key, p => p.Value.Line()!.Value, StringComparer.Ordinal));
        }

        return result;
    }
}
