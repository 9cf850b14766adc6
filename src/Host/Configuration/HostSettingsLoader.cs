using System.Collections.Frozen;
using CompatHost.Host.Access;
using CompatHost.Host.Audit;
using CompatHost.Host.Chain;
using CompatHost.Host.Security;
using CompatHost.Sdk.Configuration;
using CompatHost.Sdk.Handlers;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Reads deployment.toml, identity.xml and authenticators.xml of a home into one validated
/// <see cref="HostSettings"/>. Every error of every file is collected, then thrown together.
/// </summary>
public static class HostSettingsLoader
{
    public static HostSettings Load(ProductHome home, HandlerCatalog catalog)
    {
        var diagnostics = new ConfigDiagnostics();
        var toml = File.Exists(home.DeploymentToml)
            ? TomlDocument.Parse(ReadText(home.DeploymentToml), home.DeploymentToml)
            : TomlDocument.Empty(home.DeploymentToml);
        var identity = IdentityXmlReader.Read(home.IdentityXml, catalog, diagnostics);
        var authenticators = AuthenticatorsXmlReader.Read(home.AuthenticatorsXml, catalog, diagnostics);

        var xmlSwitches = new Dictionary<string, HandlerSwitch>(identity.Listeners);
        foreach (var (id, value) in authenticators)
        {
            xmlSwitches[id] = value;
        }

        var tomlSwitches = TomlHandlerSwitches.Read(toml, catalog, diagnostics);
        var handlers = HandlerConfigurationMerger.Merge(catalog, xmlSwitches, tomlSwitches);
        var server = ReadServer(toml, diagnostics);
        var superAdmin = ReadSuperAdmin(toml, diagnostics);
        var keystore = ReadStore(toml, "keystore.primary", home, "wso2carbon.jks", true, diagnostics);
        var truststore = ReadStore(toml, "truststore", home, "client-truststore.jks", false, diagnostics);
        var database = ReadDatabase(toml, diagnostics);
        var adminService = AdminServiceSettingsReader.Read(toml, home, diagnostics);
        var oauth = OAuthSettingsReader.Read(toml, diagnostics);
        var auditLog = ReadAuditLog(toml, diagnostics);
        var accountLocking = ReadAccountLocking(toml, diagnostics);
        var sections = HandlerSettingsReaders.Run(catalog, toml, home.IdentityXml, identity.Root, diagnostics);
        if (!sections.TryAdd(typeof(SuperAdminSettings), superAdmin))
        {
            // The super admin is the host's own section; a handler's reader does not get to replace it.
            diagnostics.Error(new ConfigError(home.DeploymentToml, "super_admin", null, "a handler's settings reader returned a SuperAdminSettings record"));
        }

        var accessControl = AccessControlFrom(toml, identity, catalog, diagnostics);
        var certificates = TomlCertificateSections.Read(toml, home, diagnostics);
        HandlerConfigurationChecks.Run(catalog, handlers, new HandlerConfigurationChecks.Sources(home, tomlSwitches, identity.Listeners, authenticators),
            truststore, superAdmin.Username, diagnostics);
        diagnostics.ThrowIfAny();
        return new HostSettings(home, server, superAdmin, keystore, truststore, database, adminService, oauth, auditLog, accountLocking, handlers,
            sections.ToFrozenDictionary(), accessControl, diagnostics.Warnings) { Certificates = certificates };
    }

    /// <summary>
    /// The product renders deployment.toml's rules into identity.xml ahead of its defaults, so
    /// a copied home's identity.xml already holds both: the TOML rules go first (they win),
    /// then identity.xml's, then the built-in rules for what this host serves. Default access
    /// is TOML's, else identity.xml's attribute, else deny as IS 7 ships it.
    /// </summary>
    private static AccessControl AccessControlFrom(TomlDocument toml, IdentityXmlSettings identity, HandlerCatalog catalog, ConfigDiagnostics diagnostics)
    {
        var tomlRules = TomlAccessControl.ReadAccessRules(toml, catalog, diagnostics) ?? [];
        var allow = TomlAccessControl.ReadDefaultAccessAllow(toml, diagnostics);
        var deny = allow is { } a ? !a : identity.AccessControl?.DefaultDeny ?? true;
        return new AccessControl([.. tomlRules, .. identity.AccessControl?.Rules ?? [], .. DefaultAccessRules.All], deny);
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new ConfigException([new ConfigError(path, "(file)", null, "cannot be read: " + ex.Message)]);
        }
    }

    /// <summary>Reads a single table with <paramref name="read"/>, warning about keys it did not read.</summary>
    internal static T? Table<T>(TomlDocument toml, string path, ConfigDiagnostics diagnostics, Func<TomlSectionReader, T?> read) =>
        toml.At(path).Select(section => new TomlSectionReader(toml.File, section, diagnostics)).ReadFirst(read);

    private static ServerSettings ReadServer(TomlDocument toml, ConfigDiagnostics diagnostics)
    {
        var (hostname, offset) = Table(toml, "server", diagnostics, r => (r.String("hostname"), r.Int("offset")));
        var mode = Table(toml, "transport.https", diagnostics, r =>
        {
            var text = r.String("client_auth");
            if (text is null)
            {
                return (ClientAuthMode?)null;
            }

            if (Enum.TryParse<ClientAuthMode>(text, true, out var parsed))
            {
                return parsed;
            }

            r.Error("client_auth", $"expected \"want\", \"need\" or \"none\", found \"{text}\"");
            return null;
        });
        if (offset is < 0 or > 55000)
        {
            diagnostics.Error(new ConfigError(toml.File, "server.offset", null, "expected an integer from 0 to 55000"));
        }

        return new ServerSettings(hostname ?? "localhost", offset ?? 0, mode ?? ClientAuthMode.Want);
    }

    private static SuperAdminSettings ReadSuperAdmin(TomlDocument toml, ConfigDiagnostics diagnostics)
    {
        var (username, password, create) = Table(toml, "super_admin", diagnostics,
            r => (r.String("username"), r.String("password"), r.Bool("create_admin_account")));
        return new SuperAdminSettings(username ?? "admin", password ?? "admin", create ?? true);
    }

    private static StoreSettings ReadStore(TomlDocument toml, string path, ProductHome home, string defaultFile, bool hasKey, ConfigDiagnostics diagnostics)
    {
        var (file, password, type, alias, keyPassword) = Table(toml, path, diagnostics, r => (
            r.String("file_name"), r.String("password"), r.String("type"),
            hasKey ? r.String("alias") : null, hasKey ? r.String("key_password") : null));
        var storeType = StoreType.Jks;
        if (type is not null && !TryStoreType(type, out storeType))
        {
            diagnostics.Error(new ConfigError(toml.File, path + ".type", null, $"expected JKS, PKCS12 or PEM, found \"{type}\""));
        }
        else if (type is null && file is not null)
        {
            storeType = GuessType(file);
        }

        var fullPath = Path.Combine(home.SecurityDir, file ?? defaultFile);
        return new StoreSettings(fullPath, password ?? "wso2carbon", storeType,
            hasKey ? alias ?? "wso2carbon" : null, hasKey ? keyPassword ?? password ?? "wso2carbon" : null);
    }

    private static bool TryStoreType(string text, out StoreType type)
    {
        type = text.Trim().ToUpperInvariant() switch
        {
            "JKS" => StoreType.Jks,
            "PKCS12" or "P12" or "PFX" => StoreType.Pkcs12,
            "PEM" => StoreType.Pem,
            _ => (StoreType)(-1),
        };
        return Enum.IsDefined(type);
    }

    private static StoreType GuessType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".p12" or ".pfx" => StoreType.Pkcs12,
        ".pem" or ".crt" => StoreType.Pem,
        _ => StoreType.Jks,
    };

    /// <summary><c>[audit_log]</c>: rotation by size (KiB) or age (hours), and how many rotated files stay.</summary>
    private static AuditLogSettings ReadAuditLog(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        Table(toml, "audit_log", diagnostics, r =>
        {
            var size = r.Int("max_file_size_kb");
            var age = r.Int("max_file_age_hours");
            var retained = r.Int("retained_files");
            foreach (var (key, value) in new[] { ("max_file_size_kb", size), ("max_file_age_hours", age), ("retained_files", retained) })
            {
                if (value is <= 0)
                {
                    r.Error(key, "expected a positive number");
                }
            }

            var defaults = AuditLogSettings.Default;
            return new AuditLogSettings(
                size is > 0 ? size.Value * 1024L : defaults.MaxFileBytes,
                age is > 0 ? TimeSpan.FromHours(age.Value) : defaults.MaxFileAge,
                retained is > 0 ? retained.Value : defaults.RetainedFiles);
        }) ?? AuditLogSettings.Default;

    /// <summary>
    /// <c>[identity_mgt.account_locking]</c>, as the product's deployment.toml spells the account-lock
    /// connector (see <see cref="Users.Lockout.AccountLockSettings"/>). The product parses the
    /// attempts and minutes as integers and ignores a ratio below 1; here a value it would choke
    /// on or silently ignore is an error naming the key.
    /// </summary>
    private static Users.Lockout.AccountLockSettings ReadAccountLocking(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        Table(toml, "identity_mgt.account_locking", diagnostics, r =>
        {
            var defaults = Users.Lockout.AccountLockSettings.Default;
            var attempts = r.Int("allowed_failed_attempts");
            var minutes = r.Int("auto_unlock_after");
            var ratio = r.Int("auto_unlock_time_increment_ratio");
            if (attempts is <= 0)
            {
                r.Error("allowed_failed_attempts", "expected a positive number of attempts");
            }

            if (minutes is < 0)
            {
                r.Error("auto_unlock_after", "expected minutes, 0 or more (0: locked until an administrator unlocks)");
            }

            if (ratio is <= 0)
            {
                r.Error("auto_unlock_time_increment_ratio", "expected a positive whole factor");
            }

            return new Users.Lockout.AccountLockSettings(
                r.Bool("enable_account_locking") ?? defaults.Enabled,
                attempts is > 0 ? attempts.Value : defaults.MaxFailedAttempts,
                minutes is >= 0 ? minutes.Value : defaults.UnlockAfterMinutes,
                ratio is > 0 ? ratio.Value : defaults.TimeIncrementRatio);
        }) ?? Users.Lockout.AccountLockSettings.Default;

    private static DatabaseSettings ReadDatabase(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        Table(toml, "database.identity_db", diagnostics, r =>
        {
            var type = r.String("type")?.Trim().ToLowerInvariant();
            var kind = type switch
            {
                null or "h2" or "sqlite" => DatabaseKind.Sqlite,
                "postgre" or "postgres" or "postgresql" => DatabaseKind.Postgres,
                _ => (DatabaseKind?)null,
            };
            if (kind is null)
            {
                r.Error("type", $"expected \"sqlite\" (or \"h2\") or \"postgre\", found \"{type}\"");
            }

            var timeout = r.Int("query_timeout");
            if (timeout is not null and not (>= 1 and <= 300))
            {
                r.Error("query_timeout", $"expected seconds from 1 to 300, found {timeout}");
            }

            var settings = new DatabaseSettings(kind ?? DatabaseKind.Sqlite, r.String("url"), r.String("username"), r.String("password"))
            {
                Timeout = timeout is >= 1 and <= 300 ? TimeSpan.FromSeconds(timeout.Value) : DatabaseSettings.DefaultTimeout,
            };
            if (settings.Kind == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(settings.Url))
            {
                r.Error("url", "required for type \"postgre\": a connection string such as \"Host=127.0.0.1;Port=5432;Database=compathost\"");
            }

            return settings;
        }) ?? new DatabaseSettings(DatabaseKind.Sqlite, null, null, null);
}
