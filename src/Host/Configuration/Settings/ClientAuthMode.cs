namespace CompatHost.Host.Configuration;

public enum ClientAuthMode
{
    /// <summary>The product's <c>clientAuth="want"</c>: asked for, not required.</summary>
    Want,
    Need,
    None,
}
