using System.Collections.Frozen;
using CompatHost.Handlers.ClientCertificate;
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
    ClientCertificateSettings ClientCertificate,
    IntermediateCertSettings IntermediateCerts,
    AccessControl AccessControl,
    IReadOnlyList<ConfigError> Warnings) : ISettingsSnapshot
{
    /// <summary><c>[client_certificate_forwarding]</c> and <c>[client_certificate_revocation]</c>.</summary>
    public CertificateSettings Certificates { get; init; } = CertificateSettings.Default;

    /// <summary>The sections built-in handlers read through the contract's <see cref="ISettingsSnapshot"/>.</summary>
    public T Section<T>() where T : class => (typeof(T) switch
    {
        var t when t == typeof(ClientCertificateSettings) => ClientCertificate,
        var t when t == typeof(IntermediateCertSettings) => IntermediateCerts,
        var t when t == typeof(SuperAdminSettings) => (object)SuperAdmin,
        _ => throw new InvalidOperationException($"No settings section of type {typeof(T).Name}."),
    } as T)!;
}
