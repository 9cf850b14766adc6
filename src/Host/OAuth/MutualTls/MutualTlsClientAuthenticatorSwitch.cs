using CompatHost.Host.Chain;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.OAuth.MutualTls;

/// <summary>
/// The token endpoint's mutual-TLS client authenticator (oauth.md): a switch with an orderId in
/// the catalog, not a request handler. Id, priority and switch are the product's: identity.xml.j2
/// renders <c>&lt;EventListener id="mutual_tls_authenticator" … MutualTLSClientAuthenticator&gt;</c>
/// from <c>[event.default_listener.mutual_tls_authenticator]</c>, and IS 7's default.json ships it at
/// priority 919, enabled. (IS 5.x operators added it by hand at orderId 158; that XML still sets
/// both values.)
/// </summary>
public static class MutualTlsClientAuthenticatorSwitch
{
    public static HandlerDescriptor Descriptor { get; } = new(
        "mutual_tls_authenticator", "MutualTLSClientAuthenticator", 919, true, HandlerChains.None,
        ["MutualTLSClientAuthenticator"], null, "built-in");
}
