using System.Collections.Frozen;
using CompatHost.Host.Access;
using CompatHost.Host.Chain;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Configuration;

/// <summary>
/// One immutable, validated snapshot of all config files. Built once per load and swapped
/// whole on reload; nothing downstream reads TOML or XML.
/// </summary>
public sealed record HostSettings(
    ProductHome Home,
    ServerSettings Server,
    SuperAdminSettings SuperAdmin,
    StoreSettings Keystore,
    StoreSettings Truststore,
    DatabaseSettings Database,
    AdminServiceSettings AdminService,
    OAuthSettings OAuth,
    Audit.AuditLogSettings AuditLog,
    Users.Lockout.AccountLockSettings AccountLocking,
    FrozenDictionary<string, HandlerConfiguration> Handlers,
    FrozenDictionary<Type, object> Sections,
    AccessControl AccessControl,
    IReadOnlyList<ConfigError> Warnings) : ISettingsSnapshot
{
    /// <summary><c>[client_certificate_forwarding]</c> and <c>[client_certificate_revocation]</c>.</summary>
    public CertificateSettings Certificates { get; init; } = CertificateSettings.Default;

    /// <summary>
    /// A section handlers read through the contract's <see cref="ISettingsSnapshot"/>, by its type:
    /// what the handlers' own settings readers returned (e.g. the client-certificate mappings), and
    /// the super admin. A handler asking for one that was never read is a bug, not a request to
    /// refuse quietly (the chain turns the exception into a refusal).
    /// </summary>
    public T Section<T>() where T : class =>
        Sections.TryGetValue(typeof(T), out var section)
            ? (T)section
            : throw new InvalidOperationException($"No settings section of type {typeof(T).Name}.");
}
