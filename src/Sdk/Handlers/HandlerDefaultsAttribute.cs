namespace CompatHost.Sdk.Handlers;

/// <summary>
/// Contract 1.3: what a handler's own folder says about it, read from its type before anything is
/// constructed (like <see cref="IAuthenticationHandler.Id"/> and its siblings). Optional: a handler
/// without it (every 1.0–1.2 plugin) gets the defaults below.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HandlerDefaultsAttribute : Attribute
{
    /// <summary>
    /// The product's class names for this handler that config files may use (identity.xml
    /// <c>&lt;EventListener name&gt;</c>, authenticators.xml <c>&lt;Authenticator name&gt;</c>),
    /// matched by simple name. Empty: the handler's <see cref="IAuthenticationHandler.Name"/>.
    /// </summary>
    public string[] LegacyNames { get; set; } = [];

    /// <summary>
    /// Whether the handler is on when no config file mentions it. Honoured for the host's own
    /// handlers only: a dropped-in handler is off until config enables it (a new way in must be
    /// asked for).
    /// </summary>
    public bool EnabledByDefault { get; set; } = true;

    /// <summary>
    /// A place among the admin chain's fixed fallbacks, tried after every authenticator in this
    /// order (1 first); 0, the default, for none. Honoured for the host's own handlers only.
    /// </summary>
    public int AdminFallbackOrder { get; set; }

    /// <summary>False for a handler that is only an admin fallback, with no switch or priority in config.</summary>
    public bool Switchable { get; set; } = true;

    /// <summary>
    /// An <see cref="IHandlerConfigurationCheck"/> (with a parameterless constructor) run on the
    /// handler's section whenever config is loaded and the handler is enabled; null for none.
    /// </summary>
    public Type? ConfigurationCheck { get; set; }

    /// <summary>
    /// Contract 1.4: an <see cref="Configuration.IHandlerSettingsReader"/> (with a parameterless
    /// constructor) that reads the handler's own sections of the product's files on every load;
    /// what it returns is served by <see cref="ISettingsSnapshot.Section{T}"/>. Null for none.
    /// </summary>
    public Type? SettingsReader { get; set; }
}
