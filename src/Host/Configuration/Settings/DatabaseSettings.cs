namespace CompatHost.Host.Configuration;

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
