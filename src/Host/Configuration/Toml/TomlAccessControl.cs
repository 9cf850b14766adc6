using CompatHost.Host.Access;
using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>
/// deployment.toml's access control: the rules and the default. Each returns null when the file
/// does not mention it, so identity.xml can supply it instead.
/// </summary>
public static class TomlAccessControl
{
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
}
