using System.Xml.Linq;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Handlers.ClientCertificate;

/// <summary>
/// Reads this handler's two sections: the advisory's mappings (deployment.toml
/// <c>[client_certificate_based_authentication]</c>, else identity.xml
/// <c>&lt;ClientCertBasedAuthentication&gt;</c>) and intermediate-CA validation
/// (<c>[intermediate_cert_validation]</c>, else <c>&lt;IntermediateCertValidation&gt;</c>). The
/// product renders deployment.toml into identity.xml, so a section TOML writes replaces the XML's;
/// neither written means off, as since the 2025 advisory. Both files are read and checked either
/// way: a broken mapping is reported wherever it is written.
/// </summary>
public sealed class ClientCertificateSettingsReader : IHandlerSettingsReader
{
    private const string Toml = "client_certificate_based_authentication";

    public IEnumerable<object> Read(IProductConfig config)
    {
        var xmlMappings = FromXml(config, "ClientCertBasedAuthentication", XmlMappings);
        var xmlIntermediate = FromXml(config, "IntermediateCertValidation", XmlIntermediate);
        return [
            ReadMappings(config) ?? xmlMappings ?? ClientCertificateSettings.Disabled,
            ReadIntermediate(config) ?? xmlIntermediate ?? IntermediateCertSettings.Disabled,
        ];
    }

    private static ClientCertificateSettings? ReadMappings(IProductConfig config)
    {
        var system = TomlMappings(config, Toml + ".system_thumbprint_mapping", "allowed_system_user");
        var user = TomlMappings(config, Toml + ".user_thumbprint_mapping", "allowed_username");
        var enabled = config.Tables(Toml).ReadFirst(t => t.Bool("enable"));
        if (enabled is null && system is null && user is null)
        {
            return null;
        }

        return new ClientCertificateSettings(enabled ?? false, system ?? [], user ?? []);
    }

    private static IntermediateCertSettings? ReadIntermediate(IProductConfig config) =>
        config.Tables("intermediate_cert_validation").ReadFirst(t =>
            new IntermediateCertSettings(t.Bool("enable") ?? false, t.List("cert_cns") ?? [], t.List("exempt_contexts") ?? []));

    private static List<ThumbprintMapping>? TomlMappings(IProductConfig config, string path, string usersKey)
    {
        var tables = config.Tables(path);
        if (tables.Count == 0)
        {
            return null;
        }

        var list = new List<ThumbprintMapping>();
        for (var i = 0; i < tables.Count; i++)
        {
            var t = tables[i];
            // A string is one name, as the product's template renders it (no comma split).
            var users = t.List(usersKey, splitCommas: false);
            var mapping = ThumbprintMappingBuilder.Build(new RawThumbprintMapping(t.File, $"{path}[{i}]", t.Line,
                t.String("trusted_issuer"), t.String("cert_thumbprint"), users), usersKey, config.Report);
            t.WarnUnreadKeys();
            if (mapping is not null)
            {
                list.Add(mapping);
            }
        }

        return list;
    }

    private static T? FromXml<T>(IProductConfig config, string element, Func<XElement, IProductConfig, T> read) where T : class =>
        config.IdentityXml?.DescendantsNamed(element).FirstOrDefault() is { } section ? read(section, config) : null;

    private static ClientCertificateSettings XmlMappings(XElement section, IProductConfig config)
    {
        var file = config.IdentityXmlFile;

        List<ThumbprintMapping> Mappings(string container, string usersElement)
        {
            var list = new List<ThumbprintMapping>();
            var index = 0;
            foreach (var mapping in section.DescendantsNamed(container).SelectMany(c => c.ChildrenNamed("Mapping")))
            {
                var users = mapping.ChildrenNamed(usersElement).Select(u => u.Value).ToList();
                var built = ThumbprintMappingBuilder.Build(new RawThumbprintMapping(file, $"{container}/Mapping[{index++}]", mapping.Line(),
                    mapping.Child("TrustedIssuer")?.Value, mapping.Child("CertThumbprint")?.Value, users), usersElement, config.Report);
                if (built is not null)
                {
                    list.Add(built);
                }
            }

            return list;
        }

        return new ClientCertificateSettings(
            section.ParseBool(section.Attr("enable"), "ClientCertBasedAuthentication/@enable", file, config.Report) ?? false,
            Mappings("SystemThumbprintMappings", "AllowedSystemUser"),
            Mappings("UserThumbprintMappings", "AllowedUsername"));
    }

    private static IntermediateCertSettings XmlIntermediate(XElement section, IProductConfig config) =>
        new(section.ParseBool(section.Attr("enable"), "IntermediateCertValidation/@enable", config.IdentityXmlFile, config.Report) ?? false,
            section.DescendantsNamed("CertCN").Select(e => e.Value.Trim()).ToList(),
            section.DescendantsNamed("ExemptContext").SelectMany(e => e.ChildrenNamed("Context")).Select(e => e.Value.Trim()).ToList());
}
