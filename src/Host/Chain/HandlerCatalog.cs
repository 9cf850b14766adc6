using System.Runtime.CompilerServices;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Chain;

/// <summary>
/// Every handler the host can switch by config: built-ins and loaded plugins, by id. Built
/// once at startup from handler types alone (nothing is constructed, no store is open); config
/// loads validate their handler sections against it, and the composition root constructs the
/// handlers it lists (<see cref="HandlerSet"/>).
/// </summary>
public sealed class HandlerCatalog
{
    // The product's class names (identity.xml <EventListener name>, authenticators.xml
    // <Authenticator name>) for our built-in ids, and whether the product ships them on.
    private static readonly Dictionary<string, (string[] LegacyNames, bool EnabledByDefault)> BuiltInFacts = new()
    {
        ["basic_authentication_handler"] = (["BasicAuthenticationHandler"], true),
        ["oauth_authentication_handler"] = (["OAuth2AccessTokenHandler"], true),
        // The listener is on; certificates authenticate nobody until
        // [client_certificate_based_authentication] enable = true (rest-auth.md).
        ["client_certificate_authentication_handler"] = (["ClientCertificateBasedAuthenticationHandler"], true),
        // soap-auth.md: enabled when configured and not disabled; unconfigured stays off.
        ["mutual_ssl_authenticator"] = (["MutualSSLAuthenticator"], false),
    };

    private readonly Dictionary<string, HandlerDescriptor> _byId;

    public HandlerCatalog(IEnumerable<HandlerDescriptor> descriptors, IReadOnlyList<HandlerDescriptor>? adminFallbacks = null)
    {
        AdminFallbacks = adminFallbacks ?? [];
        _byId = new Dictionary<string, HandlerDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            if (!_byId.TryAdd(descriptor.Id, descriptor))
            {
                throw new InvalidOperationException(
                    $"Handler id '{descriptor.Id}' from {descriptor.Origin} collides with the one from {_byId[descriptor.Id].Origin}.");
            }
        }
    }

    public IReadOnlyCollection<HandlerDescriptor> All => _byId.Values;

    /// <summary>What the admin chain tries after every authenticator: the session cookie, then HTTP Basic.</summary>
    public IReadOnlyList<HandlerDescriptor> AdminFallbacks { get; }

    /// <summary>
    /// The OAuth token endpoint's mutual-TLS client authenticator (oauth.md): a switch with an
    /// orderId, not a request handler. Id, priority and switch are the product's: identity.xml.j2
    /// renders <c>&lt;EventListener id="mutual_tls_authenticator" … MutualTLSClientAuthenticator&gt;</c>
    /// from <c>[event.default_listener.mutual_tls_authenticator]</c>, and IS 7's default.json ships
    /// it at priority 919, enabled. (IS 5.x operators added it by hand at orderId 158; that XML
    /// still sets both values.)
    /// </summary>
    public static HandlerDescriptor MutualTlsClientAuthenticator { get; } = new(
        "mutual_tls_authenticator", "MutualTLSClientAuthenticator", 919, true, HandlerChains.None,
        ["MutualTLSClientAuthenticator"], null, "built-in");

    /// <summary>
    /// Ids this host once used where the product has its own; still read, with a warning.
    /// <c>mutual_tls_client_authenticator</c> was documented here before the product's id was.
    /// </summary>
    private static readonly Dictionary<string, string> DeprecatedIds = new(StringComparer.Ordinal)
    {
        ["mutual_tls_client_authenticator"] = "mutual_tls_authenticator",
    };

    public static HandlerDescriptor BuiltIn(Type type)
    {
        var identity = Identity(type);
        var facts = BuiltInFacts.TryGetValue(identity.Id, out var f) ? f : ([identity.Name], true);
        return new HandlerDescriptor(identity.Id, identity.Name, identity.DefaultPriority, facts.EnabledByDefault,
            identity.Chains, facts.LegacyNames, type, "built-in");
    }

    /// <summary>Drop-ins are off until config enables them: a new way in must be asked for.</summary>
    /// <exception cref="Plugins.PluginContractException">The type's identity cannot be read without constructing it.</exception>
    public static HandlerDescriptor Plugin(Type type, string file)
    {
        var identity = Identity(type);
        return new(identity.Id, identity.Name, identity.DefaultPriority, false, identity.Chains, [identity.Name, type.Name], type, file);
    }

    /// <summary>
    /// A handler's identity members (id, name, default priority, chains) are constants of its type
    /// (the SDK says so on <see cref="IAuthenticationHandler"/>), so they are read from an instance
    /// whose constructor has not run: config is validated before the services a handler's
    /// constructor takes (the user store) exist, and a constructor that fails is reported when
    /// the handlers are built, not here. A plugin whose identity depends on constructor state is
    /// refused by name.
    /// </summary>
    private static (string Id, string Name, int DefaultPriority, HandlerChains Chains) Identity(Type type)
    {
        try
        {
            var probe = (IAuthenticationHandler)RuntimeHelpers.GetUninitializedObject(type);
            var (id, name) = (probe.Id, probe.Name);
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(name))
            {
                throw new Plugins.PluginContractException($"{type.FullName}: Id and Name must be constants (they are read before the handler is constructed)");
            }

            return (id, name, probe.DefaultPriority, probe.Chains);
        }
        catch (Exception ex) when (ex is not Plugins.PluginContractException)
        {
            throw new Plugins.PluginContractException(
                $"{type.FullName}: its identity could not be read before construction ({ex.GetType().Name}: {ex.Message}); Id, Name, DefaultPriority and Chains must be constants");
        }
    }

    /// <summary>Finds by id, deprecated ids included (the descriptor's <see cref="HandlerDescriptor.Id"/> is then the current one).</summary>
    public HandlerDescriptor? FindById(string id) =>
        _byId.GetValueOrDefault(DeprecatedIds.GetValueOrDefault(id, id));

    /// <summary>Finds by a legacy XML name; Java class names are matched by their simple name.</summary>
    public HandlerDescriptor? FindByLegacyName(string className)
    {
        var simple = className[(className.LastIndexOf('.') + 1)..].Trim();
        return _byId.Values.FirstOrDefault(d => d.LegacyNames.Contains(simple, StringComparer.Ordinal) || d.Id == simple);
    }

    public bool IsKnownName(string name) => _byId.Values.Any(d => d.Name == name);
}
