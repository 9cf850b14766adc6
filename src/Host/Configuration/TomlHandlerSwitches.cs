using CompatHost.Host.Chain;

namespace CompatHost.Host.Configuration;

/// <summary>
/// <c>[event.default_listener.&lt;id&gt;]</c> and <c>[admin_console.authenticator.&lt;id&gt;]</c>
/// (with its <c>.config</c> table). An id that names no known handler is an error: a typo
/// must not silently leave a handler on (config.md).
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
                    var known = string.Join(", ", catalog.All.Select(d => d.Id).Order());
                    diagnostics.Error(new ConfigError(doc.File, section.Path, section.Line, $"names no known handler '{id}' (known: {known})"));
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
                foreach (var config in doc.At(section.Path + ".config"))
                {
                    foreach (var (key, value) in new TomlSectionReader(doc.File, config, diagnostics).AllAsText())
                    {
                        parameters[key] = value;
                    }
                }

                result[descriptor.Id] = new HandlerSwitch(reader.Bool("enable"), reader.Int("priority"), parameters);
                reader.WarnUnreadKeys();
            }
        }

        return result;
    }
}
