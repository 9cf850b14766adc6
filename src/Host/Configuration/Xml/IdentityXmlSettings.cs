using CompatHost.Handlers.ClientCertificate;
using CompatHost.Host.Access;

namespace CompatHost.Host.Configuration;

/// <summary>What a legacy identity.xml says; each part null when the file does not mention it.</summary>
public sealed record IdentityXmlSettings(
    IReadOnlyDictionary<string, HandlerSwitch> Listeners,
    ClientCertificateSettings? ClientCertificate,
    IntermediateCertSettings? IntermediateCerts,
    AccessControl? AccessControl)
{
    public static readonly IdentityXmlSettings Empty = new(new Dictionary<string, HandlerSwitch>(), null, null, null);
}
