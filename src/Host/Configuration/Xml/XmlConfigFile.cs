using System.Xml;
using System.Xml.Linq;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Loads a legacy XML config safely (no DTDs, no external entities) with line numbers; it is then
/// read namespace-blind with the SDK's <see cref="Sdk.Configuration.XmlConfig"/>.
/// </summary>
public static class XmlConfigFile
{
    public static XDocument? Load(string path, ConfigDiagnostics diagnostics)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 16 * 1024 * 1024,
        };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            diagnostics.Error(new ConfigError(path, "(xml)", ex.LineNumber, ex.Message));
            return null;
        }
    }
}
