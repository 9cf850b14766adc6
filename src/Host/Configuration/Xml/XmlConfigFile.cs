using System.Xml;
using System.Xml.Linq;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Loads a legacy XML config safely (no DTDs, no external entities) with line numbers, and
/// reads it namespace-blind: the product's files appear with and without its default namespace.
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

    public static IEnumerable<XElement> DescendantsNamed(this XContainer node, string localName) =>
        node.Descendants().Where(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> ChildrenNamed(this XElement node, string localName) =>
        node.Elements().Where(e => e.Name.LocalName == localName);

    public static XElement? Child(this XElement node, string localName) => node.ChildrenNamed(localName).FirstOrDefault();

    public static string? Attr(this XElement node, string name) =>
        node.Attributes().FirstOrDefault(a => a.Name.LocalName == name)?.Value;

    public static int? Line(this XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    public static bool? ParseBool(this XElement element, string? text, string key, string file, ConfigDiagnostics diagnostics) =>
        Parse<bool>(element, text, key, file, diagnostics, bool.TryParse, "true or false");

    public static int? ParseInt(this XElement element, string? text, string key, string file, ConfigDiagnostics diagnostics) =>
        Parse<int>(element, text, key, file, diagnostics, int.TryParse, "an integer");

    private delegate bool TryParser<T>(string text, out T value);

    private static T? Parse<T>(XElement element, string? text, string key, string file, ConfigDiagnostics diagnostics,
        TryParser<T> tryParse, string expected) where T : struct
    {
        if (text is null)
        {
            return null;
        }

        if (tryParse(text.Trim(), out var value))
        {
            return value;
        }

        diagnostics.Error(new ConfigError(file, key, element.Line(), $"expected {expected}, found \"{text}\""));
        return null;
    }
}
