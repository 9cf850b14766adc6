using System.Xml.Linq;

namespace CompatHost.Sdk.Configuration;

/// <summary>
/// Contract 1.4: the product's config files of one load, read once by the host and shown to each
/// handler's <see cref="IHandlerSettingsReader"/>; plus where to report what is wrong.
/// </summary>
public interface IProductConfig
{
    string DeploymentTomlFile { get; }

    /// <summary>The tables at a dotted path (<c>[a.b]</c> or every <c>[[a.b]]</c>) in file order; empty when none is written.</summary>
    IReadOnlyList<IConfigTable> Tables(string path);

    string IdentityXmlFile { get; }

    /// <summary>
    /// identity.xml's root element, loaded safely and with line numbers, or null when the file is
    /// absent or unreadable (reported already). Read it namespace-blind with <see cref="XmlConfig"/>:
    /// the product's files appear with and without its default namespace.
    /// </summary>
    XElement? IdentityXml { get; }

    IConfigReport Report { get; }
}
