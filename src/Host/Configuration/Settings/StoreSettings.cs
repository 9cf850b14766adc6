namespace CompatHost.Host.Configuration;

public enum StoreType
{
    Jks,
    Pkcs12,
    Pem,
}

/// <summary>A keystore or truststore file as configured; <see cref="Path"/> is absolute.</summary>
public sealed record StoreSettings(string Path, string Password, StoreType Type, string? Alias, string? KeyPassword)
{
    /// <summary>Never print the passwords.</summary>
    public override string ToString() => $"{Path} ({Type}{(Alias is null ? "" : ", alias " + Alias)})";
}
