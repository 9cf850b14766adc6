using CompatHost.Handlers.ClientCertificate;
using CompatHost.Sdk.Certificates;

namespace CompatHost.Host.Configuration;

/// <summary>
/// Turns a mapping's raw texts (from TOML or identity.xml alike) into a validated
/// <see cref="ThumbprintMapping"/>. A malformed mapping is an error, never a mapping that
/// matches more than written.
/// </summary>
public static class ThumbprintMappingBuilder
{
    public static ThumbprintMapping? Build(
        string file, string key, int? line, string? issuer, string? thumbprint, IReadOnlyList<string>? users,
        ConfigDiagnostics diagnostics)
    {
        var ok = true;
        void Fail(string part, string message)
        {
            diagnostics.Error(new ConfigError(file, key + "." + part, line, message));
            ok = false;
        }

        if (!DistinguishedName.TryParse(issuer, out var dn))
        {
            Fail("trusted_issuer", $"expected a DN such as \"CN=RootCA, O=WSO2, C=AU\", found \"{issuer}\"");
        }

        Thumbprint? parsed = null;
        var wildcard = thumbprint?.Trim() == ThumbprintMapping.Any;
        if (!wildcard)
        {
            if (Thumbprint.TryParse(thumbprint, out var t))
            {
                parsed = t;
            }
            else
            {
                Fail("cert_thumbprint", $"expected \"*\" or a SHA-256 fingerprint (hex, with or without colons), found \"{thumbprint}\"");
            }
        }

        var allowed = users?.Select(u => u.Trim()).Where(u => u.Length > 0).ToList() ?? [];
        if (allowed.Count == 0)
        {
            Fail("allowed_user", "expected at least one user name or \"*\"");
        }

        return ok ? new ThumbprintMapping(dn, parsed, allowed) : null;
    }
}
