using System.Reflection;
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
    /// Ids this host once used where the product has its own; still read, with a warning.
    /// <c>mutual_tls_client_authenticator</c> was documented here before the product's id was.
    /// </summary>
    private static readonly Dictionary<string, string> DeprecatedIds = new(StringComparer.Ordinal)
    {
        ["mutual_tls_client_authenticator"] = "mutual_tls_authenticator",
    };

    /// <summary>One of the host's own handlers: its folder's <see cref="HandlerDefaultsAttribute"/> is honoured whole.</summary>
    public static HandlerDescriptor BuiltIn(Type type)
    {
        var identity = Identity(type);
        var defaults = Defaults(type);
        return new HandlerDescriptor(identity.Id, identity.Name, identity.DefaultPriority, defaults.EnabledByDefault,
            identity.Chains, defaults.LegacyNames is [] ? [identity.Name] : defaults.LegacyNames, type, "built-in");
    }

    /// <summary>
    /// Drop-ins are off until config enables them, whatever their defaults say: a new way in must
    /// be asked for. Their legacy names add to their name and type name.
    /// </summary>
    /// <exception cref="Plugins.PluginContractException">The type's identity cannot be read without constructing it.</exception>
    public static HandlerDescriptor Plugin(Type type, string file)
    {
        var identity = Identity(type);
        return new(identity.Id, identity.Name, identity.DefaultPriority, false, identity.Chains,
            [identity.Name, type.Name, .. Defaults(type).LegacyNames], type, file);
    }

    /// <summary>The handler's declared defaults, or the contract's defaults when it declares none (1.0–1.2 handlers).</summary>
    public static HandlerDefaultsAttribute Defaults(Type type) =>
        type.GetCustomAttribute<HandlerDefaultsAttribute>(inherit: false) ?? new HandlerDefaultsAttribute();

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
