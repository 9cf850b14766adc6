using CompatHost.Sdk.Configuration;

namespace CompatHost.Handlers.ClientCertificate;

/// <summary>
/// <c>[client_certificate_based_authentication]</c> or identity.xml's
/// <c>&lt;ClientCertBasedAuthentication&gt;</c>. Off by default since the 2025 advisory.
/// </summary>
public sealed record ClientCertificateSettings(
    bool Enabled,
    IReadOnlyList<ThumbprintMapping> SystemMappings,
    IReadOnlyList<ThumbprintMapping> UserMappings) : IDescribedSettings
{
    public static readonly ClientCertificateSettings Disabled = new(false, [], []);

    public string Describe() =>
        $"Client-certificate mappings: {(Enabled ? "enabled" : "disabled")}, {SystemMappings.Count} system, {UserMappings.Count} user";
}
