using CompatHost.Handlers.ClientCertificate;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>
/// The security sections of deployment.toml: client-certificate mappings, intermediate
/// certificate validation and access control. Each returns null when the file does not
/// mention it, so identity.xml can supply it instead.
/// </summary>
public static class TomlSecuritySections
{
    private const string ClientCert = "client_certificate_based_authentication";

    public static ClientCertificateSettings? ReadClientCertificate(TomlDocument toml, ConfigDiagnostics diagnostics)
    {
        var system = Mappings(toml, ClientCert + ".system_thumbprint_mapping", "allowed_system_user", diagnostics);
        var user = Mappings(toml, ClientCert + ".user_thumbprint_mapping", "allowed_username", diagnostics);
        var enabled = HostSettingsLoader.Table(toml, ClientCert, diagnostics, r => r.Bool("enable"));
        if (enabled is null && system is null && user is null)
        {
            return null;
        }

        return new ClientCertificateSettings(enabled ?? false, system ?? [], user ?? []);
    }

    public static IntermediateCertSettings? ReadIntermediate(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        HostSettingsLoader.Table(toml, "intermediate_cert_validation", diagnostics, r =>
            new IntermediateCertSettings(r.Bool("enable") ?? false, r.List("cert_cns") ?? [], r.List("exempt_contexts") ?? []));

    public static IReadOnlyList<ResourceRule>? ReadAccessRules(TomlDocument toml, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var sections = toml.At("resource.access_control").ToList();
        if (sections.Count == 0)
        {
            return null;
        }

        var rules = new List<ResourceRule>();
        for (var i = 0; i < sections.Count; i++)
        {
            var r = new TomlSectionReader(toml.File, sections[i], diagnostics);
            var key = $"resource.access_control[{i}]";
            if (r.List("scope") is not null)
            {
                // identity.xml.j2 renders only `scopes`; the product never enforces a `scope` key.
                diagnostics.Warning(new ConfigError(toml.File, key + ".scope", r.LineOf("scope"),
                    "the product ignores `scope` (its template renders only `scopes`), and so does this host: rename it to `scopes` to have it enforced"));
            }

            var rule = ResourceRuleBuilder.Build(new RawResourceRule(toml.File, key, sections[i].Line,
                r.String("context"), r.Bool("secure") ?? r.Bool("secured"), r.List("http_method"), r.List("permissions"),
                r.List("scopes"), r.List("allowed_auth_handlers"), r.Bool("cross_tenant")), catalog, diagnostics);
            r.WarnUnreadKeys();
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    /// <summary>
    /// <c>[resource_access_control] default_access_allow</c>: false (IS 7's default) renders
    /// <c>default-access="deny"</c>, so a path no rule names is refused.
    /// </summary>
    public static bool? ReadDefaultAccessAllow(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        HostSettingsLoader.Table(toml, "resource_access_control", diagnostics, r => r.Bool("default_access_allow"));

    private static List<ThumbprintMapping>? Mappings(TomlDocument toml, string path, string usersKey, ConfigDiagnostics diagnostics)
    {
        var sections = toml.At(path).ToList();
        if (sections.Count == 0)
        {
            return null;
        }

        var list = new List<ThumbprintMapping>();
        for (var i = 0; i < sections.Count; i++)
        {
            var r = new TomlSectionReader(toml.File, sections[i], diagnostics);
            // A string is one name, as the product's template renders it (no comma split).
            var users = r.List(usersKey, splitCommas: false);
            var mapping = ThumbprintMappingBuilder.Build(new RawThumbprintMapping(toml.File, $"{path}[{i}]", sections[i].Line,
                r.String("trusted_issuer"), r.String("cert_thumbprint"), users), usersKey, diagnostics);
            r.WarnUnreadKeys();
            if (mapping is not null)
            {
                list.Add(mapping);
            }
        }

        return list;
    }
}
