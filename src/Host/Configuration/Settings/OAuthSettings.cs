namespace CompatHost.Host.Configuration;

/// <summary><c>[oauth]</c>: token lifetimes.</summary>
public sealed record OAuthSettings(TimeSpan AccessTokenLifetime, TimeSpan RefreshTokenLifetime)
{
    public static readonly OAuthSettings Default = new(TimeSpan.FromHours(1), TimeSpan.FromDays(1));
}
