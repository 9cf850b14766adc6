namespace CompatHost.Host.Configuration;

public enum ClientAuthMode
{
    /// <summary>The product's <c>clientAuth="want"</c>: asked for, not required.</summary>
    Want,
    Need,
    None,
}

/// <summary><c>[server]</c> and <c>[transport.https]</c>. Port = 9443 + offset unless <c>--port</c> says otherwise.</summary>
public sealed record ServerSettings(string Hostname, int Offset, ClientAuthMode ClientAuth)
{
    public const int BasePort = 9443;

    public int Port => BasePort + Offset;
}

/// <summary><c>[super_admin]</c>.</summary>
public sealed record SuperAdminSettings(string Username, string Password, bool CreateAdminAccount)
{
    public override string ToString() => $"SuperAdminSettings {{ Username = {Username}, CreateAdminAccount = {CreateAdminAccount} }}";
}

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary><c>[database.identity_db]</c>; omitted means the embedded SQLite store.</summary>
public sealed record DatabaseSettings(DatabaseKind Kind, string? Url, string? Username, string? Password)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>query_timeout</c> (seconds, a host extension): how long one statement may wait for the
    /// database — a lock, a slow server — before the request answers 503 instead of holding on.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public override string ToString() => $"DatabaseSettings {{ Kind = {Kind}, Url = {Url} }}";
}

/// <summary><c>[admin_service]</c>; <paramref name="WsdlEnabled"/> shows admin-service WSDLs (hidden by default, as in the product).</summary>
public sealed record AdminServiceSettings(bool FaultsForInOnly, bool WsdlEnabled);

/// <summary><c>[oauth]</c>: token lifetimes.</summary>
public sealed record OAuthSettings(TimeSpan AccessTokenLifetime, TimeSpan RefreshTokenLifetime)
{
    public static readonly OAuthSettings Default = new(TimeSpan.FromHours(1), TimeSpan.FromDays(1));
}
