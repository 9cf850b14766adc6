using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>
/// <c>[event.default_listener.&lt;id&gt;]</c> and <c>[admin_console.authenticator.&lt;id&gt;]</c>
/// (with its <c>.config</c> table). The first is the product's generic listener table, so real
/// homes carry many ids that are no authentication handler (<c>identity_mgt</c>, <c>scim2</c>, …):
/// an unknown id is a warning, and one close to a known id says which it probably meant,
/// since a typo there can leave on a handler the operator meant to switch off (config.md).
/// </summary>
public static class TomlHandlerSwitches
{
    public const string RestPrefix = "event.default_listener";
    public const string AdminPrefix = "admin_console.authenticator";

    public static IReadOnlyDictionary<string, HandlerSwitch> Read(TomlDocument doc, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var result = new Dictionary<string, HandlerSwitch>(StringComparer.Ordinal);
        foreach (var prefix in new[] { RestPrefix, AdminPrefix })
        {
            foreach (var (id, section) in doc.Children(prefix))
            {
                var reader = new TomlSectionReader(doc.File, section, diagnostics);
                if (catalog.FindById(id) is not { } descriptor)
                {
                    var guess = DidYouMean.Closest(id, catalog.All.Select(d => d.Id));
                    diagnostics.Warning(new ConfigError(doc.File, section.Path, section.Line, guess is null
                        ? $"'{id}' is no authentication handler of this host: ignored"
                        : $"'{id}' is no authentication handler of this host: ignored. Did you mean '{guess}'? As written, '{guess}' keeps its default switch"));
                    continue;
                }

                if (descriptor.Id != id)
                {
                    diagnostics.Warning(new ConfigError(doc.File, section.Path, section.Line,
                        $"'{id}' is deprecated; the product's id is '{descriptor.Id}'"));
                    if (doc.Children(prefix).Any(c => c.Name == descriptor.Id))
                    {
                        diagnostics.Error(new ConfigError(doc.File, section.Path, section.Line, $"'{id}' and '{descriptor.Id}' set the same switch; keep one"));
                        continue;
                    }
                }

                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                var lines = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var config in doc.At(section.Path + ".config"))
                {
                    foreach (var (key, value) in new TomlSectionReader(doc.File, config, diagnostics).AllAsText())
                    {
                        parameters[key] = value;
                        lines[key] = config.Values[key].Line;
                    }
                }

                result[descriptor.Id] = new HandlerSwitch(reader.Bool("enable"), reader.Int("priority"), parameters, lines);
                reader.WarnUnreadKeys();
            }
        }

        return result;
    }
}
