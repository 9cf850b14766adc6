using System.Xml.Linq;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reads the parts of identity.xml the host core honours (config.md: identity.xml); the document is
/// kept for handlers that read their own sections of it (SDK <c>IHandlerSettingsReader</c>).
/// </summary>
public static class IdentityXmlReader
{
    public static IdentityXmlSettings Read(string file, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var doc = XmlConfigFile.Load(file, diagnostics);
        if (doc?.Root is null)
        {
            return IdentityXmlSettings.Empty;
        }

        return new IdentityXmlSettings(
            ReadListeners(doc, file, catalog, diagnostics),
            ReadRules(doc, file, catalog, diagnostics),
            doc.Root);
    }

    // The product's identity.xml lists many listeners that are not authentication handlers
    // (user operation listeners and more); those are not ours to judge and are passed over.
    private static Dictionary<string, HandlerSwitch> ReadListeners(XDocument doc, string file, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var result = new Dictionary<string, HandlerSwitch>(StringComparer.Ordinal);
        foreach (var listener in doc.DescendantsNamed("EventListener"))
        {
            var descriptor = catalog.FindByLegacyName(listener.Attr("name") ?? "");
            if (descriptor is null)
            {
                continue;
            }

            var key = $"EventListener[name={listener.Attr("name")}]";
            result[descriptor.Id] = new HandlerSwitch(
                listener.ParseBool(listener.Attr("enable"), key + "/@enable", file, diagnostics),
                listener.ParseInt(listener.Attr("orderId"), key + "/@orderId", file, diagnostics),
                new Dictionary<string, string>());
        }

        return result;
    }

    /// <summary>
    /// The template renders an unset TOML value as an empty attribute (<c>secured=""</c>); that
    /// is "not said", not a malformed value.
    /// </summary>
    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// The rules in file order, and default-access: only the exact word "deny" refuses
    /// unmatched paths (<c>AuthenticationValve.isUnauthorized</c>).
    /// </summary>
    private static AccessControl? ReadRules(XDocument doc, string file, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var section = doc.DescendantsNamed("ResourceAccessControl").FirstOrDefault();
        if (section is null)
        {
            return null;
        }

        var rules = new List<ResourceRule>();
        var index = 0;
        foreach (var resource in section.ChildrenNamed("Resource"))
        {
            static IReadOnlyList<string>? Split(string? text) =>
                text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

            // Every <Permissions> and <Scopes> element counts (buildResourceAccessControlData
            // collects them all); the product's defaults carry up to four <Scopes> per resource.
            static IReadOnlyList<string> All(XElement resource, string name) =>
                resource.ChildrenNamed(name).Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToList();

            var key = $"ResourceAccessControl/Resource[{index++}]";
            var rule = ResourceRuleBuilder.Build(new RawResourceRule(file, key, resource.Line(),
                resource.Attr("context"),
                resource.ParseBool(NonBlank(resource.Attr("secured") ?? resource.Attr("secure")), key + "/@secured", file, diagnostics),
                Split(resource.Attr("http-method")),
                All(resource, "Permissions"),
                All(resource, "Scopes"),
                Split(resource.Attr("allowed-auth-handlers")),
                resource.ParseBool(NonBlank(resource.Attr("cross-tenant")), key + "/@cross-tenant", file, diagnostics)), catalog, diagnostics);
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        return new AccessControl(rules, string.Equals(section.Attr("default-access")?.Trim(), "deny", StringComparison.OrdinalIgnoreCase));
    }
}
