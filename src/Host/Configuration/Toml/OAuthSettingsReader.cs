namespace CompatHost.Host.Configuration;

/// <summary><c>[oauth]</c>: token lifetimes in seconds; a missing table or key keeps the product's defaults.</summary>
public static class OAuthSettingsReader
{
    public static OAuthSettings Read(TomlDocument toml, ConfigDiagnostics diagnostics) =>
        HostSettingsLoader.Table(toml, "oauth", diagnostics, r =>
        {
            var access = r.Int("token_expiry_seconds");
            var refresh = r.Int("refresh_token_expiry_seconds");
            if (access is <= 0 || refresh is <= 0)
            {
                r.Error(access is <= 0 ? "token_expiry_seconds" : "refresh_token_expiry_seconds", "expected a positive number of seconds");
            }

            return new OAuthSettings(
                access is > 0 ? TimeSpan.FromSeconds(access.Value) : OAuthSettings.Default.AccessTokenLifetime,
                refresh is > 0 ? TimeSpan.FromSeconds(refresh.Value) : OAuthSettings.Default.RefreshTokenLifetime);
        }) ?? OAuthSettings.Default;
}
