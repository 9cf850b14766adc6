using System.Xml;
using System.Xml.Linq;

namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: namespace-blind reads of the product's XML files (they appear with and without
/// its default namespace), and typed attribute values that report, rather than throw, a bad value.
/// </summary>
public static class XmlConfig
{
    public static IEnumerable<XElement> DescendantsNamed(this XContainer node, string localName) =>
        node.Descendants().Where(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> ChildrenNamed(this XElement node, string localName) =>
        node.Elements().Where(e => e.Name.LocalName == localName);

    public static XElement? Child(this XElement node, string localName) => node.ChildrenNamed(localName).FirstOrDefault();

    public static string? Attr(this XElement node, string name) =>
        node.Attributes().FirstOrDefault(a => a.Name.LocalName == name)?.Value;

    public static int? Line(this XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

    public static bool? ParseBool(this XElement element, string? text, string key, string file, IConfigReport report) =>
        Parse<bool>(element, text, key, file, report, bool.TryParse, "true or false");

    public static int? ParseInt(this XElement element, string? text, string key, string file, IConfigReport report) =>
        Parse<int>(element, text, key, file, report, int.TryParse, "an integer");

    private delegate bool TryParser<T>(string text, out T value);

    private static T? Parse<T>(XElement element, string? text, string key, string file, IConfigReport report,
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

        report.Error(file, key, element.Line(), $"expected {expected}, found \"{text}\"");
        return null;
    }
}
