using System.Xml.Linq;
using CompatHost.Host.Access;

namespace CompatHost.Host.Configuration;

/// <summary>What a legacy identity.xml says; each part null when the file does not mention it, <see cref="Root"/> when it is absent.</summary>
public sealed record IdentityXmlSettings(
    IReadOnlyDictionary<string, HandlerSwitch> Listeners,
    AccessControl? AccessControl,
    XElement? Root)
{
    public static readonly IdentityXmlSettings Empty = new(new Dictionary<string, HandlerSwitch>(), null, null);
}
