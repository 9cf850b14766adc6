namespace CompatHost.Host.Configuration;

/// <summary><c>[super_admin]</c>.</summary>
public sealed record SuperAdminSettings(string Username, string Password, bool CreateAdminAccount)
{
    public override string ToString() => $"SuperAdminSettings {{ Username = {Username}, CreateAdminAccount = {CreateAdminAccount} }}";
}
