using System.Xml.Linq;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Configuration;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Runs every known handler's own settings reader (SDK 1.4 <see cref="IHandlerSettingsReader"/>,
/// named by its <see cref="Sdk.Handlers.HandlerDefaultsAttribute"/>) over the files of this load,
/// and collects the records they return by type, for <see cref="HostSettings.Section{T}"/>.
/// </summary>
public static class HandlerSettingsReaders
{
    public static Dictionary<Type, object> Run(HandlerCatalog catalog, TomlDocument toml, string identityXmlFile, XElement? identityXml,
        ConfigDiagnostics diagnostics)
    {
        var config = new ProductConfig(toml, identityXmlFile, identityXml, diagnostics);
        var sections = new Dictionary<Type, object>();
        foreach (var type in catalog.All.Select(d => d.HandlerType).OfType<Type>().Distinct())
        {
            if (HandlerCatalog.Defaults(type).SettingsReader is not { } readerType)
            {
                continue;
            }

            try
            {
                foreach (var section in ((IHandlerSettingsReader)Activator.CreateInstance(readerType)!).Read(config))
                {
                    if (!sections.TryAdd(section.GetType(), section))
                    {
                        diagnostics.Error(new ConfigError(toml.File, type.Name, null,
                            $"its settings reader {readerType.Name} returned a {section.GetType().Name} that another reader already returned"));
                    }
                }
            }
            catch (Exception ex)
            {
                // A section nobody could read has not been shown to be safe: the load fails, naming the reader.
                diagnostics.Error(new ConfigError(toml.File, type.Name, null, $"its settings reader {readerType.Name} failed: {ex.Message}"));
            }
        }

        return sections;
    }

    private sealed class ProductConfig(TomlDocument toml, string identityXmlFile, XElement? identityXml, ConfigDiagnostics diagnostics)
        : IProductConfig
    {
        public string DeploymentTomlFile => toml.File;

        public IReadOnlyList<IConfigTable> Tables(string path) =>
            [.. toml.At(path).Select(section => new TomlSectionReader(toml.File, section, diagnostics))];

        public string IdentityXmlFile => identityXmlFile;

        public XElement? IdentityXml => identityXml;

        public IConfigReport Report => diagnostics;
    }
}
